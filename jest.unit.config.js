/**
 * The pure tests (engine, model, analytics and the other suites that never touch storage),
 * without the Neo4j that the full suite's global setup starts: `npm run test:unit`.
 * `npm test` (jest.config.js) still runs everything, these included.
 */
import base from './jest.config.js';

const { globalSetup: _setup, globalTeardown: _teardown, ...rest } = base;

export default {
  ...rest,
  testMatch: [
    '<rootDir>/test/algorithms/**/*.test.ts',
    '<rootDir>/test/analytics/**/*.test.ts',
    '<rootDir>/test/engine/**/*.test.ts',
    '<rootDir>/test/model/**/*.test.ts',
    '<rootDir>/test/seed/**/*.test.ts',
    '<rootDir>/test/service/**/*.test.ts',
    '<rootDir>/test/export/plan.test.ts',
    '<rootDir>/test/importers/json.test.ts',
    '<rootDir>/test/web/state.test.ts',
    '<rootDir>/test/web/design.test.ts',
  ],
};
