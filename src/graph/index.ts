export * from './rules.js';
export * from './catalogueGraph.js';
export * from './draftGraph.js';
export * from './credentialChecks.js';
