import type { Driver } from 'neo4j-driver';
import {
  buildCatalogueGraph,
  isCredential,
  updateCatalogueGraph,
  type CatalogueGraph,
} from '../graph/index.js';
import { readCatalogue, readCredentials, type CatalogueIdentity } from './catalogueReader.js';
import { readChangesSince } from './changeLog.js';
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
  /**
   * The saved graph of the latest version before `identity` in the same epoch, if any: a
   * process starts from it and reads only what changed since (see readChangesSince).
   */
  latestBefore?(identity: CatalogueIdentity): Promise<CatalogueGraph | undefined>;
}

export interface ProjectionOptions {
  database?: string | undefined;
  /** How long a loaded graph is trusted before the identity is checked again (ms). */
  recheckAfterMs?: number;
  now?: () => number;
  snapshots?: ProjectionSnapshots | undefined;
  /**
   * Told how each new graph was made: updated after a write of this process, a snapshot, an
   * earlier graph (held or saved) updated with what the change log says changed since, or a
   * whole read.
   */
  loaded?: ((how: ProjectionLoad, identity: CatalogueIdentity) => void) | undefined;
  /** Told about each stored record set aside by a whole read (see readCatalogue). */
  warn?: ((message: string) => void) | undefined;
}

/** How a projection made a graph (see ProjectionOptions.loaded). */
export type ProjectionLoad = 'updated' | 'snapshot' | 'changes' | 'read';

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
  /**
   * The last graph let go by a write (afterWrite, invalidate), kept until the next one is
   * made: the change log brings it up to date (caughtUp) instead of a whole read.
   */
  private behind: CatalogueGraph | undefined;
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

  /**
   * Forgets the loaded graph, so the next call reloads whatever the identity says (catching
   * up from the forgotten graph through the change log when it can).
   */
  invalidate(): void {
    this.behind = this.graph ?? this.behind;
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
   * aside, an id the update cannot place, any failure) falls back to catching up through the
   * change log (caughtUp), and failing that to a whole read. Callers
   * asking for the graph meanwhile wait for the new one, so they never get the old one.
   */
  afterWrite(write: CredentialWrite): void {
    const before = this.graph;
    this.behind = before ?? this.behind;
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
          this.behind = undefined;
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
    const linked = detachedBy(before, write.removed);
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

  /**
   * The graph of the catalogue now, from an earlier graph of the same epoch (the one held, or
   * the latest snapshot) and the credentials the change log says changed since (see
   * readChangesSince): on the 50k catalogue a snapshot read back and a few records instead of
   * the whole catalogue. `undefined` when there is no such graph or the log cannot cover the
   * gap; any failure is a whole read too, never a wrong graph.
   */
  private async caughtUp(
    held: CatalogueGraph | undefined,
    identity: CatalogueIdentity,
  ): Promise<CatalogueGraph | undefined> {
    if (!identity.epoch) return undefined;
    try {
      const base =
        held?.getAttribute('epoch') === identity.epoch &&
        held.getAttribute('version') < identity.version
          ? held
          : await this.options.snapshots?.latestBefore?.(identity);
      if (!base || base.getAttribute('setAside') !== undefined) return undefined;
      const read = await readChangesSince(
        this.driver,
        identityOf(base),
        ({ removed }) => detachedBy(base, removed),
        this.options.database,
      );
      if (!read) return undefined;
      const found = new Set(read.credentials.map((c) => c.id));
      const removed = read.ids.filter((id) => !found.has(id) && isCredential(base, id));
      // Placed by id among the others; ASCII ids sort alike everywhere (see compareIds).
      if (![...found, ...removed].every((id) => /^[\x20-\x7e]+$/.test(id))) return undefined;
      return updateCatalogueGraph(
        base,
        { written: read.credentials, removed },
        { version: read.version, epoch: read.epoch },
      );
    } catch {
      return undefined;
    }
  }

  private async refresh(now: number): Promise<CatalogueGraph> {
    const generation = this.generation;
    const identity = await catalogueIdentity(this.driver, this.options.database);
    let graph = this.graph;
    const held = graph ?? this.behind;
    if (!graph || !showsCatalogue(graph, identity)) {
      const snapshots = this.options.snapshots;
      // Before the first write there is no epoch, hence nothing to key a snapshot by.
      const saved = identity.epoch ? await snapshots?.load(identity) : undefined;
      if (saved) {
        graph = saved;
        this.options.loaded?.('snapshot', identity);
      } else if ((graph = await this.caughtUp(held, identity))) {
        this.options.loaded?.('changes', identityOf(graph));
        void snapshots?.save(graph);
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
      this.behind = undefined;
      this.checkedAt = now;
    }
    return graph;
  }
}

/** How long after an update its snapshot is saved (see afterWrite). */
const SAVE_AFTER_UPDATE_MS = 3_000;

/**
 * Credentials whose stored links the removal of `removed` detached (co-requisites, suggested
 * order, reference plans): they read back differently, so an update reads them again.
 */
function detachedBy(before: CatalogueGraph, removed: Iterable<string>): Set<string> {
  const gone = new Set(removed);
  const linked = new Set<string>();
  for (const id of gone) {
    if (!before.hasNode(id)) continue;
    before.forEachInEdge(id, (_e, edge, source) => {
      if (edge.type === 'corequisite' || edge.type === 'precedes') linked.add(source);
    });
  }
  if (gone.size)
    before.forEachNode((id, node) => {
      if (node.type === 'credential' && node.referencePlan?.some((p) => gone.has(p.credential)))
        linked.add(id);
    });
  return linked;
}

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
