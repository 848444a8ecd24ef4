import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PrecompiledTemplates } from './template-renderer.js';

/**
 * The repository's templates/ folder, found upwards from this file so it works from src/
 * (tests) and from dist/src/ (the built app) alike, whatever the working directory.
 */
export function findTemplatesRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'templates', 'pdf'))) return join(dir, 'templates');
    if (dirname(dir) === dir) throw new Error(`templates/ not found above ${from}`);
  }
}

/**
 * Where the build saves the compiled templates: dist/templates.precompiled.json. The built app
 * finds it three folders above this file's own in dist/src/; tests, which run this file from
 * src/, find the build's copy in dist/ beside src/, rather than compiling forty templates for
 * every test app (1.6 s of the 5.7 s of CPU of a small e2e file run alone; less in a busy
 * worker, about 13 s over all the e2e files). The key inside names the sources it was made
 * from, so a copy older than the templates is never used: they are compiled instead.
 */
export const PRECOMPILED_TEMPLATES_PATH = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  import.meta.filename.endsWith('.ts') ? 'dist' : '',
  'templates.precompiled.json',
);

/** The build's compiled templates, or undefined when there are none to be had. */
export function readPrecompiledTemplates(
  path: string = PRECOMPILED_TEMPLATES_PATH,
): PrecompiledTemplates | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // Absent (a build without the step, or tests from src/) or unreadable: compile instead.
    return undefined;
  }
  const { key, specs } = (parsed ?? {}) as Partial<PrecompiledTemplates>;
  if (typeof key !== 'string' || typeof specs !== 'object' || specs === null) return undefined;
  return { key, specs };
}
