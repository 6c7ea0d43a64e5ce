import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import {
  deserializeCatalogueGraph,
  serializeCatalogueGraph,
  type CatalogueGraph,
  type SerializedCatalogueGraph,
} from '../graph/index.js';
import type { CatalogueIdentity } from './catalogueReader.js';
import type { ProjectionSnapshots } from './projection.js';

interface Snapshot {
  identity: CatalogueIdentity;
  code: string;
  graph: SerializedCatalogueGraph;
}

/** Epochs come from Neo4j's randomUUID(); anything else is never used in a file name. */
const EPOCH = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Catalogue graphs kept on disk, one file per catalogue identity (epoch and version) and
 * version of the code that builds them: a CLI command on an unchanged catalogue reads the
 * graph back (v8 deserialization) instead of reading the whole catalogue from Neo4j and
 * building it again. The identity makes a snapshot exact: every catalogue write moves the
 * version, `db clear` the epoch, so a file is only ever read for the catalogue it was built
 * from; the code fingerprint keeps a snapshot from outliving a change to how graphs are built.
 * Files are written whole then renamed, so a reader never sees half a file; the most recent
 * `keep` are kept. After a catalogue change, the latest file of the same epoch (latestBefore)
 * is the base a process brings up to date through the change log (changeLog.ts).
 */
export class ProjectionSnapshotFolder implements ProjectionSnapshots {
  constructor(
    private readonly folder: string,
    private readonly keep = 4,
  ) {}

  async load(identity: CatalogueIdentity): Promise<CatalogueGraph | undefined> {
    const file = this.file(identity);
    if (!file) return undefined;
    let snapshot: Snapshot;
    try {
      snapshot = deserialize(await readFile(file)) as Snapshot;
    } catch {
      return undefined; // absent, pruned meanwhile, or unreadable: rebuilt from Neo4j
    }
    if (
      snapshot.code !== codeFingerprint() ||
      snapshot.identity.epoch !== identity.epoch ||
      snapshot.identity.version !== identity.version
    )
      return undefined;
    return deserializeCatalogueGraph(snapshot.graph);
  }

  async latestBefore(identity: CatalogueIdentity): Promise<CatalogueGraph | undefined> {
    if (!EPOCH.test(identity.epoch)) return undefined;
    const code = codeFingerprint().slice(0, 12);
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return undefined;
    }
    const versions = names
      .map((name) => name.split('.'))
      .filter(
        ([epoch, version, fingerprint, extension]) =>
          epoch === identity.epoch &&
          fingerprint === code &&
          extension === 'graph' &&
          /^\d+$/.test(version!),
      )
      .map(([, version]) => Number(version))
      .filter((version) => version < identity.version)
      .sort((a, b) => b - a);
    for (const version of versions) {
      const graph = await this.load({ epoch: identity.epoch, version });
      if (graph) return graph;
    }
    return undefined;
  }

  async save(graph: CatalogueGraph): Promise<void> {
    const identity = { epoch: graph.getAttribute('epoch'), version: graph.getAttribute('version') };
    const file = this.file(identity);
    if (!file) return;
    // Let the request that built the graph finish first.
    await new Promise((resolve) => setImmediate(resolve));
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      await mkdir(this.folder, { recursive: true });
      const snapshot: Snapshot = {
        identity,
        code: codeFingerprint(),
        graph: serializeCatalogueGraph(graph),
      };
      await writeFile(temporary, serialize(snapshot));
      await rename(temporary, file);
      await this.prune();
    } catch {
      // A snapshot only saves time: a full disk or a read-only folder must not fail a plan.
      await rm(temporary, { force: true }).catch(() => undefined);
    }
  }

  private file(identity: CatalogueIdentity): string | undefined {
    if (!EPOCH.test(identity.epoch) || !Number.isSafeInteger(identity.version)) return undefined;
    return join(
      this.folder,
      `${identity.epoch}.${identity.version}.${codeFingerprint().slice(0, 12)}.graph`,
    );
  }

  private async prune(): Promise<void> {
    const files = (await readdir(this.folder)).filter((f) => f.endsWith('.graph'));
    if (files.length <= this.keep) return;
    const dated = await Promise.all(
      files.map(async (f) => ({
        path: join(this.folder, f),
        at: await stat(join(this.folder, f)).then(
          (s) => s.mtimeMs,
          () => 0,
        ),
      })),
    );
    dated.sort((a, b) => b.at - a.at);
    await Promise.all(dated.slice(this.keep).map((f) => rm(f.path, { force: true })));
  }
}

let fingerprint: string | undefined;

/**
 * A hash of the code and queries a catalogue graph is made with (the model's schemas, with
 * their defaults, the reader, the graph builder), so that a snapshot built by other code is
 * never read back. Run from TypeScript or from dist/, it hashes whichever files it runs.
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  const add = (folder: URL, keep: (name: string) => boolean) => {
    for (const name of readdirSync(folder).filter(keep).sort()) {
      hash.update(name);
      hash.update(readFileSync(new URL(name, folder)));
    }
  };
  const code = (name: string) => /\.(js|ts)$/.test(name) && !name.endsWith('.d.ts');
  add(new URL('../graph/', import.meta.url), code);
  add(new URL('../model/', import.meta.url), code);
  add(
    new URL('./', import.meta.url),
    (name) =>
      code(name) && (name.startsWith('catalogueReader.') || name.startsWith('storedCatalogue.')),
  );
  add(new URL('../../cypher/catalogue/', import.meta.url), (name) => name.startsWith('read-'));
  fingerprint = hash.digest('hex');
  return fingerprint;
}
