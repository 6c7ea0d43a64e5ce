export * from './errors.js';
export * from './complexity/index.js';
export * from './overlap/index.js';
export * from './stackability/index.js';
export * from './coverage/index.js';
export * from './quality/index.js';
export * from './demand/index.js';
export * from './whatIf/index.js';
