export * from './requirement.js';
export * from './catalogue.js';
export * from './references.js';
export * from './document.js';
export * from './requests.js';
export * from './responses.js';
export * from './text.js';
export * from './draft.js';
