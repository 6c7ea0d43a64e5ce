export * from './driver.js';
export * from './migrations.js';
export * from './catalogueWriter.js';
export * from './catalogueReader.js';
export * from './projection.js';
export * from './learners.js';
export * from './escoWriter.js';
