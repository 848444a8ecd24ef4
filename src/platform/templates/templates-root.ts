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
 * Where the build saves the compiled templates: dist/templates.precompiled.json, two folders
 * above this file's own in dist/src/. From src/ (tests) the file does not exist.
 */
export const PRECOMPILED_TEMPLATES_PATH = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
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
