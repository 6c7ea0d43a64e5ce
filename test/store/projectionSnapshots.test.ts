/**
 * Projection snapshots: a graph saved under its catalogue identity is read back identical
 * (nodes, records, edges, in order, so the engine answers the same) and only for exactly that
 * identity and code; anything else (another version or epoch, a damaged file, no epoch) is a
 * miss, and the folder keeps only the most recent snapshots. The file system is real (a
 * temporary folder); no database is needed.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadHighs } from '../../src/engine/planner/mip.js';
import { planPathway } from '../../src/engine/planner/index.js';
import {
  buildCatalogueGraph,
  deserializeCatalogueGraph,
  serializeCatalogueGraph,
  type CatalogueGraph,
} from '../../src/graph/index.js';
import { ProjectionSnapshotFolder } from '../../src/store/projectionSnapshots.js';
import { seedCatalogue } from '../support/seed.js';

const doc = seedCatalogue();
const epoch = randomUUID();
const graph = buildCatalogueGraph(doc, 7, epoch);

/** Everything the engine can see of a graph, edge keys aside (they are not part of it). */
const contents = (g: CatalogueGraph) => ({
  attributes: g.getAttributes(),
  nodes: g.mapNodes((key, node) => [key, node]),
  edges: g.mapEdges((_key, edge, source, target) => [source, target, edge]),
  out: g.mapNodes((key) => g.mapOutEdges(key, (_e, edge, _s, target) => [target, edge.type])),
});

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'pathways-snapshots-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('catalogue graph serialization', () => {
  it('gives back the same graph, in the same order, and the same plans', async () => {
    const copy = deserializeCatalogueGraph(structuredClone(serializeCatalogueGraph(graph)));
    expect(contents(copy)).toEqual(contents(graph));
    const mip = await loadHighs();
    for (const learner of doc.learners) {
      const request = {
        holdings: learner.holdings,
        asOf: '2026-11-23',
        target: { qualification: 'smtu:msc-data-analytics' },
      };
      expect(planPathway(copy, request, { mip, alternatives: 1 })).toEqual(
        planPathway(graph, request, { mip, alternatives: 1 }),
      );
    }
  });
});

describe('ProjectionSnapshotFolder', () => {
  it('reads a saved graph back for exactly its epoch and version', async () => {
    const snapshots = new ProjectionSnapshotFolder(folder);
    await snapshots.save(graph);
    const back = await snapshots.load({ epoch, version: 7 });
    expect(back).toBeDefined();
    expect(contents(back!)).toEqual(contents(graph));
    expect(await snapshots.load({ epoch, version: 8 })).toBeUndefined();
    expect(await snapshots.load({ epoch: randomUUID(), version: 7 })).toBeUndefined();
  });

  it('saves nothing for a catalogue without an epoch (never written to)', async () => {
    const snapshots = new ProjectionSnapshotFolder(folder);
    await snapshots.save(buildCatalogueGraph(doc, 0, ''));
    expect(readdirSync(folder)).toEqual([]);
    expect(await snapshots.load({ epoch: '', version: 0 })).toBeUndefined();
  });

  it('takes a damaged file for a miss, not an error', async () => {
    const snapshots = new ProjectionSnapshotFolder(folder);
    await snapshots.save(graph);
    const [file] = readdirSync(folder);
    writeFileSync(join(folder, file!), 'not a snapshot');
    expect(await snapshots.load({ epoch, version: 7 })).toBeUndefined();
  });

  it('keeps only the most recent snapshots', async () => {
    const snapshots = new ProjectionSnapshotFolder(folder, 2);
    for (const version of [1, 2, 3]) {
      await snapshots.save(buildCatalogueGraph(doc, version, epoch));
      await new Promise((resolve) => setTimeout(resolve, 20)); // distinct modification times
    }
    expect(readdirSync(folder)).toHaveLength(2);
    expect(await snapshots.load({ epoch, version: 1 })).toBeUndefined();
    expect(await snapshots.load({ epoch, version: 3 })).toBeDefined();
  });
});
