/**
 * The CLI's ways in refuse rule trees over the limits with a clear error and write nothing
 * (the real CLI, the test Neo4j): `import catalogue` with a 33-level award rule, and
 * `import ctdl` with a condition that contains itself (which used to recurse without end).
 */
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { expectExit, pathways, ROOT } from '../support/cli.js';

const FIXTURES = join(ROOT, 'test/fixtures/rule-limits');

let driver: Driver;
beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
});
afterAll(async () => {
  await driver.close();
});

test('import catalogue: a rule 33 levels deep is refused at its path, nothing written', async () => {
  const before = await graphDump(driver);
  const r = await pathways('import', 'catalogue', join(FIXTURES, 'deep-award-rule.json'));
  expectExit(r, 1);
  expect(r.stderr).toContain(
    'credentials[1].awardRule: nests more than 32 levels deep; a rule tree may have at most 32 levels and 2000 entries',
  );
  expect(await graphDump(driver)).toEqual(before);
});

test('import ctdl: a condition that contains itself rejects the file, naming the component', async () => {
  const before = await graphDump(driver);
  const r = await pathways('import', 'ctdl', join(FIXTURES, 'self-containing-condition.jsonld'));
  expectExit(r, 1);
  expect(`${r.stdout}${r.stderr}`).toMatch(
    /component https:\/\/example\.edu\/c\/cert: its conditions contain themselves/,
  );
  expect(await graphDump(driver)).toEqual(before);
});
