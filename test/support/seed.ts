/**
 * The seed catalogue (seed/catalogue.json) as the tests load it. Pure: no Neo4j, so the pure
 * suite (jest.unit.config.js) can use it as well as the suites that import it into a store.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCatalogueGraph, type CatalogueGraph } from '../../src/graph/index.js';
import { formatPath, parseCatalogue, type CatalogueDocument } from '../../src/model/index.js';

/** The absolute path of seed/catalogue.json. */
export const SEED_PATH = fileURLToPath(new URL('../../seed/catalogue.json', import.meta.url));

/** The seed document, unparsed, as an import receives it: a fresh copy each call (callers may mutate it). */
export const seedInput = (): unknown => JSON.parse(readFileSync(SEED_PATH, 'utf8'));

/** The parsed seed document; throws with every issue when parseCatalogue rejects it. */
export function seedCatalogue(): CatalogueDocument {
  const parsed = parseCatalogue(seedInput());
  if (parsed.ok) return parsed.value;
  throw new Error(
    'seed/catalogue.json is rejected:\n' +
      parsed.issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`).join('\n'),
  );
}

/** The graph of the parsed seed document (version 0, no epoch). */
export const seedGraph = (): CatalogueGraph => buildCatalogueGraph(seedCatalogue());
