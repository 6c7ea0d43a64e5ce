/**
 * The learner cache: reuse within the time to live, one read for concurrent requests, writes
 * forgotten at once, failed reads not kept, and a bound on how many learners are kept.
 */
import type { HeldCredential } from '../../src/engine/holdings.js';
import { LearnerCache } from '../../src/service/learnerCache.js';

/** A reader over a mutable "database", counting its reads, on a clock the test moves. */
function setup(ttlMs: number, maxEntries?: number) {
  const db = new Map<string, HeldCredential[]>([
    ['learner-a', [{ credential: 'x:one', awardedOn: '2026-01-01' }]],
  ]);
  const reads: string[] = [];
  let now = 0;
  let failNext = false;
  const cache = new LearnerCache(
    (id) => {
      reads.push(id);
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('Neo4j is down'));
      }
      const holdings = db.get(id);
      return Promise.resolve(holdings && { holdings, priorLearning: [] });
    },
    { ttlMs, now: () => now, ...(maxEntries ? { maxEntries } : {}) },
  );
  return {
    db,
    reads,
    cache,
    tick: (ms: number) => (now += ms),
    failOnce: () => (failNext = true),
  };
}

describe('LearnerCache', () => {
  it('reuses a read within the time to live and reads again after it', async () => {
    const t = setup(1000);
    await t.cache.holdings('learner-a');
    t.db.set('learner-a', []);
    t.tick(999);
    expect((await t.cache.holdings('learner-a'))?.holdings).toHaveLength(1);
    expect(t.reads).toEqual(['learner-a']);
    t.tick(1);
    expect((await t.cache.holdings('learner-a'))?.holdings).toEqual([]);
    expect(t.reads).toEqual(['learner-a', 'learner-a']);
  });

  it('makes one read for concurrent requests of the same learner', async () => {
    const t = setup(1000);
    const answers = await Promise.all([1, 2, 3].map(() => t.cache.holdings('learner-a')));
    expect(new Set(answers).size).toBe(1);
    expect(t.reads).toEqual(['learner-a']);
  });

  it('forgets a learner at once after a write, and everyone after a clear', async () => {
    const t = setup(60_000);
    expect(await t.cache.holdings('learner-b')).toBeUndefined();
    t.db.set('learner-b', []);
    t.cache.forget('learner-b');
    expect((await t.cache.holdings('learner-b'))?.holdings).toEqual([]);
    await t.cache.holdings('learner-a');
    t.cache.clear();
    await t.cache.holdings('learner-a');
    await t.cache.holdings('learner-b');
    expect(t.reads).toEqual(['learner-b', 'learner-b', 'learner-a', 'learner-a', 'learner-b']);
  });

  it('reads a learner again when asked under another catalogue (a write elsewhere, a db clear)', async () => {
    const t = setup(60_000);
    await t.cache.holdings('learner-a', 'epoch-1:2');
    t.db.set('learner-a', []);
    expect((await t.cache.holdings('learner-a', 'epoch-1:2'))?.holdings).toHaveLength(1);
    expect((await t.cache.holdings('learner-a', 'epoch-2:2'))?.holdings).toEqual([]);
    expect(t.reads).toEqual(['learner-a', 'learner-a']);
  });

  it('does not keep a failed read', async () => {
    const t = setup(60_000);
    t.failOnce();
    await expect(t.cache.holdings('learner-a')).rejects.toThrow('Neo4j is down');
    expect((await t.cache.holdings('learner-a'))?.holdings).toHaveLength(1);
    expect(t.reads).toHaveLength(2);
  });

  it('reads every time with a time to live of 0', async () => {
    const t = setup(0);
    await t.cache.holdings('learner-a');
    await t.cache.holdings('learner-a');
    expect(t.reads).toHaveLength(2);
  });

  it('keeps at most maxEntries learners, dropping the least recently read', async () => {
    const t = setup(60_000, 2);
    await t.cache.holdings('learner-a');
    await t.cache.holdings('learner-b');
    await t.cache.holdings('learner-a'); // a is now the most recent
    await t.cache.holdings('learner-c'); // drops b
    await t.cache.holdings('learner-a');
    await t.cache.holdings('learner-b');
    expect(t.reads).toEqual(['learner-a', 'learner-b', 'learner-c', 'learner-b']);
  });
});
