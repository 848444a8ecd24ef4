import { enableCompileCache } from 'node:module';

// Node keeps the bytecode of every module it compiles (in the system temp dir) and reuses it on
// the next start: most of a cold start is compiling Nest, TypeORM and the app, so a restart
// reaches healthy sooner. It must be on before those are imported, hence this file and the
// dynamic import of the rest. Node ignores it, and says nothing, if the cache cannot be written.
enableCompileCache();
await import('./app.bootstrap.js');
