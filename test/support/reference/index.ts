/**
 * An independent, exhaustive reference implementation of docs/engine-semantics.md, for
 * differential tests of the engine. It imports nothing from src/engine.
 */
export * from './dates.js';
export * from './allocation.js';
export * from './semantics.js';
export * from './planning.js';
export * from './priorLearning.js';
