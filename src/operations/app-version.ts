import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'school-social-media-cases';

/**
 * The version in package.json. Searched for upwards because this file runs both from src/
 * (under Jest) and from dist/src/ (the built CLI), which sit at different depths.
 */
export function appVersion(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === PACKAGE_NAME && pkg.version) return pkg.version;
    } catch {
      // no package.json here (or not ours): keep going up
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
