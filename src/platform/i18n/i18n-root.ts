import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository's i18n/ folder (one sub-folder per language, one JSON file per area), found
 * upwards from this file so it works from src/ (tests) and from dist/src/ (the built app).
 */
export function findI18nRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'i18n', 'en'))) return join(dir, 'i18n');
    if (dirname(dir) === dir) throw new Error(`i18n/ not found above ${from}`);
  }
}
