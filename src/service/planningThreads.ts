import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Highs } from 'highs';
import { loadHighs } from '../engine/planner/mip.js';
import { serializeCatalogueGraph, updateOf, type CatalogueGraph } from '../graph/index.js';
import { deserializeError, runEngineJob, type EngineJob, type EngineResult } from './engineJobs.js';
import type { FromThread, ToThread } from './planningThread.js';

/**
 * Where engine jobs run. The engine is synchronous and CPU-bound: `inlineEngine` runs it on
 * the caller's thread (the CLI, tests); `PlanningThreads` on a pool of worker threads, so that
 * an API process uses more than one core and its event loop (health checks, load shedding,
 * Neo4j I/O) stays responsive while plans are computed.
 */
export interface PlanningEngine {
  run<J extends EngineJob>(graph: CatalogueGraph, job: J): Promise<EngineResult<J>>;
  /** Gets ready to plan on `graph` (threads started, solver loaded) before the first job. */
  prepare(graph: CatalogueGraph): Promise<void>;
  close(): Promise<void>;
  /** Jobs it can run at once (its threads); 1 when absent. Work that splits is split so. */
  readonly parallelism?: number;
}

/** Runs jobs on the calling thread. */
export const inlineEngine: PlanningEngine = {
  async run<J extends EngineJob>(graph: CatalogueGraph, job: J): Promise<EngineResult<J>> {
    const highs: Highs = await loadHighs();
    return runEngineJob(graph, job, highs) as EngineResult<J>;
  },
  prepare: async () => {
    await loadHighs();
  },
  close: () => Promise.resolve(),
};

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface Thread {
  worker: Worker;
  /** Resolves when the thread has loaded its solver and listens (rejects if it dies first). */
  ready: Promise<void>;
  /** The graph whose copy the thread holds (compared by identity: one object per version). */
  graph?: CatalogueGraph;
  pending: Map<number, Pending>;
}

export interface PlanningThreadsOptions {
  /** Worker threads (at least 1). */
  threads: number;
}

/**
 * A pool of planning threads (planningThread.ts), each with its own copy of the catalogue
 * graph and its own solver. A job goes to the thread with the fewest jobs in hand; a thread is
 * sent the catalogue before its first job on a new version (the caller's projection decides
 * what is current). A thread that dies fails its jobs and is replaced on the next job.
 */
export class PlanningThreads implements PlanningEngine {
  private readonly threads: (Thread | undefined)[];
  private nextId = 0;
  private closed = false;

  constructor(options: PlanningThreadsOptions) {
    if (!Number.isInteger(options.threads) || options.threads < 1)
      throw new Error(
        `planningThreads: threads must be a positive integer, got ${options.threads}`,
      );
    this.threads = Array.from({ length: options.threads }, () => undefined);
  }

  /** Threads it may run (PlanningEngine.parallelism). */
  get parallelism(): number {
    return this.threads.length;
  }

  /** Threads started so far (they start on first use). */
  get size(): number {
    return this.threads.filter(Boolean).length;
  }

  run<J extends EngineJob>(graph: CatalogueGraph, job: J): Promise<EngineResult<J>> {
    if (this.closed) return Promise.reject(new Error('planningThreads: the pool is closed'));
    const thread = this.pick();
    this.send(thread, graph);
    const id = this.nextId++;
    return new Promise<EngineResult<J>>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      post(thread, { type: 'job', id, job });
    });
  }

  /** Starts every thread and sends it the graph; resolves once each has loaded its solver. */
  async prepare(graph: CatalogueGraph): Promise<void> {
    if (this.closed) return;
    const threads = this.threads.map((t, i) => t ?? this.start(i));
    for (const thread of threads) this.send(thread, graph);
    await Promise.all(threads.map((t) => t.ready));
  }

  async close(): Promise<void> {
    this.closed = true;
    const running = this.threads.filter((t): t is Thread => t !== undefined);
    this.threads.fill(undefined);
    await Promise.all(running.map((t) => t.worker.terminate()));
  }

  /** The started thread with the fewest jobs, or a new one while that one is busy. */
  private pick(): Thread {
    let best: Thread | undefined;
    let free = -1;
    this.threads.forEach((t, i) => {
      if (!t) {
        if (free < 0) free = i;
        return;
      }
      if (!best || t.pending.size < best.pending.size) best = t;
    });
    if (best && (best.pending.size === 0 || free < 0)) return best;
    return this.start(free);
  }

  private start(slot: number): Thread {
    const worker = spawnPlanningThread();
    let started!: { resolve(): void; reject(err: Error): void };
    const ready = new Promise<void>((resolve, reject) => {
      started = { resolve, reject };
    });
    ready.catch(() => undefined); // a thread that dies early fails its jobs instead
    const thread: Thread = { worker, ready, pending: new Map() };
    this.threads[slot] = thread;
    const fail = (reason: string) => {
      if (this.threads[slot] === thread) this.threads[slot] = undefined;
      const err = new Error(`planningThreads: a planning thread stopped (${reason})`);
      started.reject(err);
      for (const p of thread.pending.values()) p.reject(err);
      thread.pending.clear();
    };
    thread.worker.on('message', (message: FromThread) => {
      if (message.type === 'ready') {
        started.resolve();
        return;
      }
      const pending = thread.pending.get(message.id);
      if (!pending) return;
      thread.pending.delete(message.id);
      if (message.type === 'done') pending.resolve(message.result);
      else pending.reject(deserializeError(message.error));
    });
    thread.worker.on('error', (err) => {
      fail(err.message);
    });
    thread.worker.on('exit', (code) => {
      fail(`exit code ${code}`);
    });
    // An idle pool does not keep the process alive.
    thread.worker.unref();
    return thread;
  }

  private send(thread: Thread, graph: CatalogueGraph): void {
    if (thread.graph === graph) return;
    // A graph updated from the one the thread holds: the thread applies the same update to its
    // copy (the same pure function, so the same graph) instead of receiving the whole graph.
    const update = updateOf(graph);
    if (update && thread.graph === update.base)
      post(thread, { type: 'update', change: update.change, attributes: update.attributes });
    else post(thread, { type: 'catalogue', graph: serializeCatalogueGraph(graph) });
    thread.graph = graph;
  }
}

const post = (thread: Thread, message: ToThread) => {
  thread.worker.postMessage(message);
};

/**
 * Starts planningThread.js beside this module. Run from the TypeScript sources (tests, tsx),
 * the thread registers tsx's loader first, as the parent process did.
 */
function spawnPlanningThread(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./planningThread.js', here));
  const tsx = tsxLoaderUrl(here);
  const entry = new URL('./planningThread.ts', here).href;
  return new Worker(
    `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`,
    { eval: true },
  );
}

/** tsx's ES module API, found through its package exports (require() would find the CJS one). */
function tsxLoaderUrl(from: string): string {
  const manifest = createRequire(from).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: { './esm/api': { import: { default: string } } };
  };
  return new URL(exports['./esm/api'].import.default, pathToFileURL(manifest)).href;
}
