import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import puppeteer, { type Browser, type HTTPRequest } from 'puppeteer-core';
import { fulfil } from './isolated-page.js';
import { CHROMIUM } from '../../../test/support/chromium.js';

// fulfil() answers an intercepted request through two puppeteer internals, and falls back to
// request.respond() should an upgrade remove them. Both ways must hand the page the same bytes;
// these specs fetch a body through each in real Chromium and compare hashes.

const ORIGIN = 'https://case-assets.invalid';

let browser: Browser;

beforeAll(async () => {
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND'],
  });
}, 30_000);
afterAll(() => browser?.close());

/**
 * The request, noting each of its methods called; with `hide`, as puppeteer would hand it over
 * after an upgrade that dropped the internals.
 */
function watched(request: HTTPRequest, hide: boolean, used: string[]): HTTPRequest {
  return new Proxy(request, {
    get(target, name) {
      if (hide && (name === '_fetchClient' || name === '_interceptionId')) return undefined;
      const value: unknown = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      used.push(String(name));
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
}

/**
 * Loads a page whose every request fulfil() answers (the document, then `body` fetched by the
 * page itself) and returns the SHA-256 the page computed of what it received.
 */
async function hashSeenByPage(body: Buffer, hide: boolean, used: string[]): Promise<string> {
  const page = await browser.newPage();
  try {
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const answered = watched(request, hide, used);
      if (request.url() === `${ORIGIN}/`) {
        void fulfil(answered, 'text/html', Buffer.from('<!doctype html><title>asset</title>'));
      } else if (request.url() === `${ORIGIN}/asset`) {
        void fulfil(answered, 'application/octet-stream', body);
      } else {
        void request.abort();
      }
    });
    await page.goto(`${ORIGIN}/`);
    return await page.evaluate(async () => {
      const bytes = await (await fetch('/asset')).arrayBuffer();
      const digest = await crypto.subtle.digest('SHA-256', bytes);
      return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    });
  } finally {
    await page.close();
  }
}

describe('fulfil (real Chromium)', () => {
  // Big enough to span many base64 chunks, and a view into a larger buffer, as a store's
  // slice of a pooled read would be: only its own bytes must reach the page.
  const pool = randomBytes(3 * 1024 * 1024 + 7);
  const body = pool.subarray(5, pool.length - 2);
  const sha256 = createHash('sha256').update(body).digest('hex');

  it('hands the page the exact bytes through puppeteer internals, without respond()', async () => {
    const used: string[] = [];
    expect(await hashSeenByPage(body, false, used)).toBe(sha256);
    expect(used).not.toContain('respond');
  }, 30_000);

  it('falls back to respond() with the same bytes when the internals are gone', async () => {
    const used: string[] = [];
    expect(await hashSeenByPage(body, true, used)).toBe(sha256);
    expect(used.filter((name) => name === 'respond')).toHaveLength(2);
  }, 30_000);
});
