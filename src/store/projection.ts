import type { Driver } from 'neo4j-driver';
import { buildCatalogueGraph, type CatalogueGraph } from '../graph/index.js';
import { readCatalogue } from './catalogueReader.js';
import { cypher } from './cypher.js';
import { readOnce } from './driver.js';

export interface ProjectionOptions {
  database?: string | undefined;
  /** How long a loaded graph is trusted before the version is checked again (ms). */
  recheckAfterMs?: number;
  now?: () => number;
}

/**
 * Keeps the engine's read model in step with Neo4j, the system of record. The catalogue
 * version (bumped by every catalogue write) is compared at most once per `recheckAfterMs`;
 * when it moved, the graph is rebuilt. Concurrent callers share one reload.
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

  /** Forgets the loaded graph, so the next call reloads whatever the version says. */
  invalidate(): void {
    this.checkedAt = -Infinity;
    this.graph = undefined;
  }

  private async refresh(now: number): Promise<CatalogueGraph> {
    const version = await catalogueVersion(this.driver, this.options.database);
    if (!this.graph || this.graph.getAttribute('version') !== version) {
      const { doc, version: loaded } = await readCatalogue(this.driver, this.options.database);
      this.graph = buildCatalogueGraph(doc, loaded);
    }
    this.checkedAt = now;
    return this.graph;
  }
}

/** The catalogue version (checked by the projection at most once a second, and by /readyz). */
export async function catalogueVersion(driver: Driver, database?: string): Promise<number> {
  const records = await readOnce(driver, cypher('catalogue/version'), {}, database);
  return records[0]?.get('version') as number;
}
