/**
 * The body of a planning thread (see planningThreads.ts): it holds its own copy of the
 * catalogue graph and its own HiGHS module, and runs engine jobs one at a time. Messages
 * arrive in order, so a job always runs against the last catalogue sent before it.
 */
import { parentPort } from 'node:worker_threads';
import type { Highs } from 'highs';
import { loadHighs } from '../engine/planner/mip.js';
import {
  deserializeCatalogueGraph,
  updateCatalogueGraph,
  type CatalogueAttributes,
  type CatalogueGraph,
  type CredentialChange,
  type SerializedCatalogueGraph,
} from '../graph/index.js';
import {
  runEngineJob,
  serializeError,
  type EngineJob,
  type SerializedError,
} from './engineJobs.js';

export type ToThread =
  | { type: 'catalogue'; graph: SerializedCatalogueGraph }
  /** The catalogue after a change to the one the thread holds (see updateOf). */
  | { type: 'update'; change: CredentialChange; attributes: CatalogueAttributes }
  | { type: 'job'; id: number; job: EngineJob };

export type FromThread =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; error: SerializedError };

const port = parentPort;
if (!port) throw new Error('planningThread: must run as a worker thread');

let graph: CatalogueGraph | undefined;
const highs: Highs = await loadHighs();

port.on('message', (message: ToThread) => {
  if (message.type === 'catalogue') {
    graph = deserializeCatalogueGraph(message.graph);
    return;
  }
  if (message.type === 'update') {
    // The pool sends an update only on top of the graph it knows this thread holds.
    if (graph) graph = updateCatalogueGraph(graph, message.change, message.attributes);
    return;
  }
  const { id, job } = message;
  try {
    if (!graph) throw new Error('planningThread: a job arrived before any catalogue');
    const result = runEngineJob(graph, job, highs);
    port.postMessage({ type: 'done', id, result } satisfies FromThread);
  } catch (err) {
    port.postMessage({ type: 'failed', id, error: serializeError(err) } satisfies FromThread);
  }
});
port.postMessage({ type: 'ready' } satisfies FromThread);
