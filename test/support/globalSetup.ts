/**
 * Jest global setup (see testNeo4j.ts). Jest loads this file through ts-jest as native ESM,
 * outside its module system, so relative `.js` imports of TypeScript sources would not resolve
 * here: the real work is loaded through tsx.
 */
import type * as TestNeo4j from './testNeo4j.js';

export default async function globalSetup(): Promise<void> {
  const { tsImport } = await import('tsx/esm/api');
  const { setupTestNeo4j } = (await tsImport(
    './testNeo4j.ts',
    import.meta.url,
  )) as typeof TestNeo4j;
  await setupTestNeo4j();
}
