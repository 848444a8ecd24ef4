export { setup as default } from './test-run.mjs';
