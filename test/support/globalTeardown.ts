/** Jest global teardown: stops the test Neo4j if the global setup started it (see globalSetup.ts). */
import type * as TestNeo4j from './testNeo4j.js';

export default async function globalTeardown(): Promise<void> {
  const { tsImport } = await import('tsx/esm/api');
  const { teardownTestNeo4j } = (await tsImport(
    './testNeo4j.ts',
    import.meta.url,
  )) as typeof TestNeo4j;
  await teardownTestNeo4j();
}
