import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
