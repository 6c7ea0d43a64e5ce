export * from './problem.js';
export * from './simulate.js';
export * from './replay.js';
export * from './bound.js';
export * from './search.js';
export * from './explain.js';
export * from './plan.js';
export * from './terms.js';
