export * from './catalogue.js';
export * from './plan.js';
