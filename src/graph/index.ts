export * from './rules.js';
export * from './catalogueGraph.js';
export * from './draftGraph.js';
