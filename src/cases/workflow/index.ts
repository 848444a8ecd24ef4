export * from './case-workflow.types.js';
export * from './case-workflow.labels.js';
export * from './case-transitions.table.js';
export * from './decide.js';
