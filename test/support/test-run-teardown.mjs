export { teardown as default } from './test-run.mjs';
