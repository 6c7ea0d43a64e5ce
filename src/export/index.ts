export * from './text.js';
export * from './catalogue.js';
export * from './plan.js';
export * from './matches.js';
