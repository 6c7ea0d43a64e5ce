import type { Driver } from 'neo4j-driver';
import { buildCatalogueGraph, type CatalogueGraph } from '../graph/index.js';
import { readCatalogue, type CatalogueIdentity } from './catalogueReader.js';
import { cypher } from './cypher.js';
import { readOnce } from './driver.js';

/**
 * Built graphs kept between processes (projectionSnapshots.ts), so that a process whose
 * catalogue has not changed since another one built it rebuilds nothing.
 */
export interface ProjectionSnapshots {
  /** The graph of exactly this catalogue, if one was saved. */
  load(identity: CatalogueIdentity): Promise<CatalogueGraph | undefined>;
  /** Keeps a graph for later processes (best effort: a failure is not an error). */
  save(graph: CatalogueGraph): Promise<void>;
}

export interface ProjectionOptions {
  database?: string | undefined;
  /** How long a loaded graph is trusted before the identity is checked again (ms). */
  recheckAfterMs?: number;
  now?: () => number;
  snapshots?: ProjectionSnapshots | undefined;
}

/** Whether a graph shows the catalogue of this identity (epoch and version both). */
export const showsCatalogue = (graph: CatalogueGraph, identity: CatalogueIdentity): boolean =>
  graph.getAttribute('version') === identity.version &&
  graph.getAttribute('epoch') === identity.epoch;

/**
 * Keeps the engine's read model in step with Neo4j, the system of record. The catalogue
 * identity (the version bumped by every catalogue write, and the epoch renewed by
 * `db clear`) is compared at most once per `recheckAfterMs`; when it moved, the graph is
 * taken from a snapshot of that identity or rebuilt from Neo4j (and saved as a snapshot).
 * Concurrent callers share one reload.
 */
export class CatalogueProjection {
  private graph: CatalogueGraph | undefined;
  private checkedAt = -Infinity;
  private pending: Promise<CatalogueGraph> | undefined;

  constructor(
    private readonly driver: Driver,
    private readonly options: ProjectionOptions = {},
  ) {}

  /** The current graph, reloaded first if the catalogue changed since it was built. */
  async current(): Promise<CatalogueGraph> {
    const now = (this.options.now ?? Date.now)();
    if (this.graph && now - this.checkedAt < (this.options.recheckAfterMs ?? 1000))
      return this.graph;
    this.pending ??= this.refresh(now).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets the loaded graph, so the next call reloads whatever the identity says. */
  invalidate(): void {
    this.checkedAt = -Infinity;
    this.graph = undefined;
  }

  private async refresh(now: number): Promise<CatalogueGraph> {
    const identity = await catalogueIdentity(this.driver, this.options.database);
    if (!this.graph || !showsCatalogue(this.graph, identity)) {
      const snapshots = this.options.snapshots;
      // Before the first write there is no epoch, hence nothing to key a snapshot by.
      const saved = identity.epoch ? await snapshots?.load(identity) : undefined;
      if (saved) this.graph = saved;
      else {
        const { doc, version, epoch } = await readCatalogue(this.driver, this.options.database);
        this.graph = buildCatalogueGraph(doc, version, epoch);
        if (epoch) void snapshots?.save(this.graph);
      }
    }
    this.checkedAt = now;
    return this.graph;
  }
}

/** The catalogue's identity: epoch and version (see CatalogueIdentity). */
export async function catalogueIdentity(
  driver: Driver,
  database?: string,
): Promise<CatalogueIdentity> {
  const records = await readOnce(driver, cypher('catalogue/version'), {}, database);
  return {
    version: records[0]?.get('version') as number,
    epoch: records[0]?.get('epoch') as string,
  };
}

/** The catalogue version (checked by /readyz; the projection compares the whole identity). */
export async function catalogueVersion(driver: Driver, database?: string): Promise<number> {
  return (await catalogueIdentity(driver, database)).version;
}
