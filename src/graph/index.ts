export * from './rules.js';
export * from './catalogueGraph.js';
