export * from './case-workflow.types.js';
export * from './case-workflow.labels.js';
export * from './tracks.js';
export * from './moves.table.js';
export * from './decide.js';
export * from './clocks.js';
export * from './retention.js';
export * from './merge.js';
