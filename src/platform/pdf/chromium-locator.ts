import { accessSync, constants, statSync } from 'node:fs';
import { PdfErrorCode, PdfException } from './pdf.exception.js';

export const CHROMIUM_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
];

/**
 * The configured path (CHROMIUM_PATH) when it is executable, else the first executable
 * well-known location. Throws CHROMIUM_NOT_FOUND, naming the package, when there is none.
 */
export function locateChromium(
  configuredPath?: string,
  candidates: readonly string[] = CHROMIUM_CANDIDATES,
): string {
  const found = [configuredPath, ...candidates].find(
    (path): path is string => !!path && isExecutableFile(path),
  );
  if (found) return found;
  const configured = configuredPath ? `CHROMIUM_PATH (${configuredPath}) is not executable; ` : '';
  throw new PdfException(
    PdfErrorCode.ChromiumNotFound,
    `${configured}no Chromium found at ${candidates.join(', ')}. ` +
      'Install it with `apt-get install chromium` (Debian/Ubuntu) or set CHROMIUM_PATH.',
  );
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
