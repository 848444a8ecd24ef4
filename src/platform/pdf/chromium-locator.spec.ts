import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { locateChromium } from './chromium-locator.js';
import { PdfErrorCode, PdfException } from './pdf.exception.js';

const dir = mkdtempSync(join(tmpdir(), 'chromium-locator-'));
const executable = join(dir, 'chromium');
writeFileSync(executable, '#!/bin/sh\n');
chmodSync(executable, 0o755);
const notExecutable = join(dir, 'chromium-noexec');
writeFileSync(notExecutable, '');
const missing = join(dir, 'missing');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('locateChromium', () => {
  it('prefers the configured path when it is executable', () => {
    expect(locateChromium(executable, ['/usr/bin/chromium'])).toBe(executable);
  });

  it('falls back to the first executable candidate', () => {
    expect(locateChromium(notExecutable, [missing, dir, executable])).toBe(executable);
  });

  it('finds the system Chromium on this machine', () => {
    expect(locateChromium(undefined)).toBe('/usr/bin/chromium');
  });

  it('names the Debian package when nothing is found', () => {
    let error: unknown;
    try {
      locateChromium(missing, [missing, notExecutable]);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(PdfException);
    expect((error as PdfException).code).toBe(PdfErrorCode.ChromiumNotFound);
    expect((error as Error).message).toContain('apt-get install chromium');
  });
});
