import type { HeldCredential } from '../engine/holdings.js';
import type { PriorLearningRecord } from '../model/index.js';

export interface LearnerCacheOptions {
  /**
   * How long a stored learner's holdings, once read, are reused (ms); 0 reads them on every
   * request. Writes through this process forget the learner at once; another process sees
   * them after at most this long (as a catalogue write reaches it, see projection.ts).
   */
  ttlMs: number;
  /** Learners kept at most; the least recently read are dropped first. */
  maxEntries?: number;
  now?: () => number;
}

/** What planning reads of a stored learner: their holdings and prior learning. */
export interface LearnerRecords {
  holdings: readonly HeldCredential[];
  priorLearning: readonly PriorLearningRecord[];
}

type Holdings = LearnerRecords | undefined;

interface Entry {
  holdings: Promise<Holdings>;
  readAt: number;
  catalogue: string;
}

/**
 * Stored learners' holdings for planning, read from Neo4j and reused for a short while: a
 * portal asking for an audit, a plan and a ladder of the same learner makes one read, not
 * three. Concurrent requests for a learner share one read. Only holdings are kept (a
 * pseudonymous id and credential ids), in memory, and never longer than `ttlMs`.
 */
export class LearnerCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly read: (id: string) => Promise<Holdings>,
    private readonly options: LearnerCacheOptions,
  ) {}

  /**
   * The learner's holdings; undefined when there is no such learner. `catalogue` names the
   * catalogue the caller plans against (its epoch and version): holdings read under another
   * are read again, so that once a process sees a catalogue write or a `db clear` made by
   * another, it also stops planning with learners read before it.
   */
  holdings(id: string, catalogue = ''): Promise<Holdings> {
    const { ttlMs, maxEntries = 10_000 } = this.options;
    if (ttlMs <= 0) return this.read(id);
    const now = (this.options.now ?? Date.now)();
    const known = this.entries.get(id);
    // Delete and set again: Map order is then least recently read first.
    this.entries.delete(id);
    if (known && now - known.readAt < ttlMs && known.catalogue === catalogue) {
      this.entries.set(id, known);
      return known.holdings;
    }
    const entry: Entry = { holdings: this.read(id), readAt: now, catalogue };
    this.entries.set(id, entry);
    // A failed read is not kept: the next request tries again.
    entry.holdings.catch(() => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
    });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= maxEntries) break;
      this.entries.delete(oldest);
    }
    return entry.holdings;
  }

  /** Forgets one learner (after a write to their holdings or their deletion). */
  forget(id: string): void {
    this.entries.delete(id);
  }

  /** Forgets every learner (after a catalogue import, which may carry learners). */
  clear(): void {
    this.entries.clear();
  }
}
