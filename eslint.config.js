import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'test/support/summary-reporter.js',
      'dist/',
      'node_modules/',
      '.neo4j/',
      'coverage/',
      'bin/',
      'scratch/',
      'web/generated/',
      '*.config.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // neo4j-driver declares its config objects as classes; plain literals are how its own
      // manual passes them, so this rule only produces noise here.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    // Layers point one way: the HTTP adapter reaches the store and the importers only through
    // the service layer (src/service/), which owns readiness, the database option and what
    // the read model must forget after a write.
    files: ['src/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(store|importers)(/|$)',
              message: 'src/api reaches the store and the importers through src/service/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The store opens sessions in one place (src/store/driver.ts: withSession, and through it
    // inTransaction and readOnce), so that every session gets the database option, the shared
    // bookmark manager and its close.
    files: ['src/**/*.ts'],
    ignores: ['src/store/driver.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(session|executeQuery)$/]',
          message: 'Run statements through inTransaction (or withSession) in src/store/driver.ts.',
        },
      ],
    },
  },
  {
    // Tests spoil JSON documents on purpose to check rejections.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
