import type { Driver } from 'neo4j-driver';
import { buildCatalogueGraph, updateCatalogueGraph, type CatalogueGraph } from '../graph/index.js';
import { readCatalogue, readCredentials, type CatalogueIdentity } from './catalogueReader.js';
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
  /** Told how each new graph was made: updated after a write, a snapshot, a whole read. */
  loaded?:
    ((how: 'updated' | 'snapshot' | 'read', identity: CatalogueIdentity) => void) | undefined;
  /** Told about each stored record set aside by a whole read (see readCatalogue). */
  warn?: ((message: string) => void) | undefined;
}

/** A write this process made to some credentials (see CatalogueProjection.afterWrite). */
export interface CredentialWrite {
  /** Ids of the credentials added or replaced. */
  written: string[];
  /** Ids of the credentials deleted. */
  removed: string[];
  /** The catalogue version the write's transaction committed. */
  version: number;
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
  /** Moved by every write this process reports, so a load it overtook is not kept. */
  private generation = 0;

  constructor(
    private readonly driver: Driver,
    private readonly options: ProjectionOptions = {},
  ) {}

  /** The current graph, reloaded first if the catalogue changed since it was built. */
  async current(): Promise<CatalogueGraph> {
    if (this.pending) return this.pending;
    const now = (this.options.now ?? Date.now)();
    if (this.graph && now - this.checkedAt < (this.options.recheckAfterMs ?? 1000))
      return this.graph;
    const pending = this.refresh(now).finally(() => {
      if (this.pending === pending) this.pending = undefined;
    });
    this.pending = pending;
    return pending;
  }

  /** Forgets the loaded graph, so the next call reloads whatever the identity says. */
  invalidate(): void {
    this.generation++;
    this.pending = undefined;
    this.checkedAt = -Infinity;
    this.graph = undefined;
  }

  /**
   * Takes in a write this process has just committed to some credentials. When the graph held
   * shows the catalogue just before that write (same epoch, the version before it), the new
   * graph is made from it and the written credentials read back alone (updateCatalogueGraph)
   * instead of reading the whole catalogue: on the 50k catalogue a fraction of a second
   * instead of several. Anything else (another write in between, a graph with records set
   * aside, an id the update cannot place, any failure) falls back to a whole read. Callers
   * asking for the graph meanwhile wait for the new one, so they never get the old one.
   */
  afterWrite(write: CredentialWrite): void {
    const before = this.graph;
    const generation = ++this.generation;
    this.graph = undefined;
    this.checkedAt = -Infinity;
    const previous = this.pending ?? Promise.resolve(undefined);
    const next = previous
      .catch(() => undefined)
      .then(() => (before ? this.updated(before, write) : undefined))
      .catch(() => undefined)
      .then((graph) => {
        // A later write came in meanwhile: its own load (queued after this one) takes over.
        // This answers the callers that asked before it, and keeps nothing; waiting here for
        // the later load would wait on itself, as it waits for this one.
        if (graph && this.generation !== generation) return graph;
        if (graph) {
          this.graph = graph;
          this.checkedAt = (this.options.now ?? Date.now)();
          this.options.loaded?.('updated', identityOf(graph));
          // Later, so that serializing it does not hold up the requests waiting for it.
          if (graph.getAttribute('epoch'))
            setTimeout(
              () => void this.options.snapshots?.save(graph),
              SAVE_AFTER_UPDATE_MS,
            ).unref();
          return graph;
        }
        return this.refresh((this.options.now ?? Date.now)());
      })
      .finally(() => {
        if (this.pending === next) this.pending = undefined;
      });
    this.pending = next;
    next.catch(() => undefined); // a caller of current() sees the failure
  }

  /** The graph after `write`, from `before` and the written credentials alone, if it can. */
  private async updated(
    before: CatalogueGraph,
    write: CredentialWrite,
  ): Promise<CatalogueGraph | undefined> {
    const epoch = before.getAttribute('epoch');
    if (
      !epoch ||
      before.getAttribute('setAside') !== undefined ||
      before.getAttribute('version') !== write.version - 1
    )
      return undefined;
    // Credentials whose stored links a deletion removed (co-requisites, suggested order).
    const removed = new Set(write.removed);
    const linked = new Set<string>();
    for (const id of write.removed) {
      if (!before.hasNode(id)) continue;
      before.forEachInEdge(id, (_e, edge, source) => {
        if (edge.type === 'corequisite' || edge.type === 'precedes') linked.add(source);
      });
    }
    if (removed.size)
      before.forEachNode((id, node) => {
        if (
          node.type === 'credential' &&
          node.referencePlan?.some((p) => removed.has(p.credential))
        )
          linked.add(id);
      });
    for (const id of [...write.written, ...write.removed]) linked.delete(id);
    const reread = [...write.written, ...linked];
    // Placed by id among the others; ASCII ids sort alike everywhere (see compareIds).
    if (!reread.every((id) => /^[\x20-\x7e]+$/.test(id))) return undefined;
    const read = await readCredentials(this.driver, reread, this.options.database);
    // Only this write since `before`: any other moves the version on (or the epoch).
    if (!read || read.epoch !== epoch || read.version !== write.version) return undefined;
    const found = new Set(read.credentials.map((c) => c.id));
    if (reread.some((id) => !found.has(id))) return undefined;
    return updateCatalogueGraph(
      before,
      { written: read.credentials, removed: write.removed },
      { version: read.version, epoch: read.epoch },
    );
  }

  private async refresh(now: number): Promise<CatalogueGraph> {
    const generation = this.generation;
    const identity = await catalogueIdentity(this.driver, this.options.database);
    let graph = this.graph;
    if (!graph || !showsCatalogue(graph, identity)) {
      const snapshots = this.options.snapshots;
      // Before the first write there is no epoch, hence nothing to key a snapshot by.
      const saved = identity.epoch ? await snapshots?.load(identity) : undefined;
      if (saved) {
        graph = saved;
        this.options.loaded?.('snapshot', identity);
      } else {
        const read = await readCatalogue(
          this.driver,
          this.options.database,
          this.options.warn ? { warn: this.options.warn } : {},
        );
        graph = buildCatalogueGraph(read.doc, read.version, read.epoch);
        const setAside =
          read.setAside.length + read.setAsideRecords.length + read.droppedReferences.length;
        if (setAside) graph.setAttribute('setAside', setAside);
        this.options.loaded?.('read', { epoch: read.epoch, version: read.version });
        if (read.epoch) void snapshots?.save(graph);
      }
    }
    // Forgotten meanwhile (invalidate: a write committed): answer this caller, keep nothing.
    if (this.generation === generation) {
      this.graph = graph;
      this.checkedAt = now;
    }
    return graph;
  }
}

/** How long after an update its snapshot is saved (see afterWrite). */
const SAVE_AFTER_UPDATE_MS = 3_000;

const identityOf = (graph: CatalogueGraph): CatalogueIdentity => ({
  epoch: graph.getAttribute('epoch'),
  version: graph.getAttribute('version'),
});

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
