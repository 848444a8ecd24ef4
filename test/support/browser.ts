/**
 * Drives the real pages in Chromium the way a person does: by labels, button words and link
 * words, never by ids a user cannot see. One browser per test file; each person gets their own
 * browser context (cookie jar), so several people can be signed in at once.
 *
 * The project compiles without the DOM lib, so callbacks that run in the page reach the window
 * through an element (`el.ownerDocument.defaultView`) rather than through browser globals.
 */
import { expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import puppeteer, {
  ElementHandle,
  type Browser,
  type BrowserContext,
  type HTTPResponse,
  type Page,
} from 'puppeteer-core';
import type { TestApp } from './test-app.js';
import { DEMO_PASSWORD } from './test-app.js';
import { CHROMIUM } from './chromium.js';

export const TEST_OUTPUT = join(process.cwd(), 'test-output');
export const SCREENSHOT_DIR = join(TEST_OUTPUT, 'screenshots');
export const README_DIR = join(TEST_OUTPUT, 'readme');

/** Wide enough for the desktop layout, narrow enough for a README. */
export const VIEWPORT = { width: 1100, height: 900 };

// puppeteer adds --headless itself (headless: 'shell' means exactly `--headless`).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
];

export type Scope = Page | ElementHandle;

export interface BrowserHarness {
  readonly browser: Browser;
  /** http://127.0.0.1:<port> of the app under test. */
  readonly baseUrl: string;
  /** Requests any page made to somewhere other than the app (should stay empty). */
  readonly foreignRequests: string[];
  url(path: string): string;
  /** A page in a fresh cookie jar, not signed in. */
  newPage(): Promise<Page>;
  /** A page in a fresh cookie jar, signed in through the sign-in form. */
  signIn(email: string, password?: string): Promise<Page>;
  /** A full-page PNG of the page that navigated last, to test-output/screenshots/<name>.png. */
  screenshotLast(name: string): Promise<string | null>;
  close(): Promise<void>;
}

/** Where the app listens: the http server's own address, always on the loopback. */
export function appUrl(t: TestApp): string {
  const address = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

export async function launchBrowser(baseUrl: string): Promise<BrowserHarness> {
  const profileDir = mkdtempSync(join(tmpdir(), 'browser-test-profile-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: 'shell',
    pipe: true,
    userDataDir: profileDir,
    args: CHROMIUM_ARGS,
    defaultViewport: VIEWPORT,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const contexts: BrowserContext[] = [];
  const foreignRequests: string[] = [];
  let last: Page | null = null;

  const newPage = async (): Promise<Page> => {
    const context = await browser.createBrowserContext();
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultNavigationTimeout(30_000);
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${baseUrl}/`) && !/^(data|about|blob):/.test(url)) {
        foreignRequests.push(url);
      }
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) last = page;
    });
    last = page;
    return page;
  };

  const harness: BrowserHarness = {
    browser,
    baseUrl,
    foreignRequests,
    url: (path) => `${baseUrl}${path}`,
    newPage,
    async signIn(email, password = DEMO_PASSWORD) {
      const page = await newPage();
      await page.goto(`${baseUrl}/login`);
      await fill(page, 'Email address', email);
      await fill(page, 'Password', password);
      const response = await clickAndWait(page, await button(page, 'Sign in'));
      if (new URL(page.url()).pathname === '/login') {
        throw new Error(`sign-in as ${email} failed (${response?.status()})`);
      }
      return page;
    },
    async screenshotLast(name) {
      if (!last || last.isClosed()) return null;
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_').slice(0, 150)}.png`);
      await last.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/**
 * `it()`, plus a full-page screenshot of the page used last when the test fails, named after
 * the test, so a failure in CI can be seen rather than guessed.
 */
export function browserIt(
  harness: () => BrowserHarness | undefined,
  name: string,
  fn: () => Promise<void>,
  timeout?: number,
): void {
  it(
    name,
    async () => {
      try {
        await fn();
      } catch (error) {
        const testName = expect.getState().currentTestName ?? name;
        const saved = await harness()
          ?.screenshotLast(testName)
          .catch(() => null);
        if (saved) console.error(`screenshot of the failure: ${saved}`);
        throw error;
      }
    },
    timeout,
  );
}

// ---------------------------------------------------------------------------------------------
// Finding things as a person does

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

async function rootOf(scope: Scope): Promise<ElementHandle> {
  if (scope instanceof ElementHandle) return scope;
  const root = await scope.$('html');
  if (!root) throw new Error('the page has no document');
  return root;
}

async function findOne(
  scope: Scope,
  what: string,
  finder: (root: ElementHandle, text: string) => Promise<ElementHandle | null>,
  text: string,
): Promise<ElementHandle> {
  const found = await finder(await rootOf(scope), text);
  if (!found) throw new Error(`no ${what} "${text}" on ${pageOf(scope).url()}`);
  return found;
}

function pageOf(scope: Scope): Page {
  return scope instanceof ElementHandle ? scope.frame.page() : scope;
}

/** The form control whose <label> reads exactly `label`. */
export function control(scope: Scope, label: string): Promise<ElementHandle> {
  return findOne(
    scope,
    'field labelled',
    async (root, text) =>
      (
        await root.evaluateHandle((el, wanted) => {
          const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
          const labels = [...el.querySelectorAll('label')];
          const match = labels.find((l) => fold(l.textContent ?? '') === wanted);
          return match?.control ?? null;
        }, text)
      ).asElement() as ElementHandle | null,
    normalise(label),
  );
}

/** A radio button or checkbox whose label starts with `label` (a clause code, say). */
export function choice(scope: Scope, label: string): Promise<ElementHandle> {
  return findOne(
    scope,
    'choice labelled',
    async (root, text) =>
      (
        await root.evaluateHandle((el, wanted) => {
          const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
          const labels = [...el.querySelectorAll('label')];
          const match = labels.find(
            (l) => l.control && fold(l.textContent ?? '').startsWith(wanted),
          );
          return match ?? null;
        }, text)
      ).asElement() as ElementHandle | null,
    normalise(label),
  );
}

/** A button reading exactly `text`. */
export function button(scope: Scope, text: string): Promise<ElementHandle> {
  return byText(scope, 'button', 'button', text);
}

/** A link reading exactly `text`. */
export function link(scope: Scope, text: string): Promise<ElementHandle> {
  return byText(scope, 'link', 'a', text);
}

function byText(scope: Scope, what: string, selector: string, text: string) {
  return findOne(
    scope,
    what,
    async (root, wanted) =>
      (
        await root.evaluateHandle(
          (el, sel, w) => {
            const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
            return (
              [...el.querySelectorAll(sel)].find((b) => fold(b.textContent ?? '') === w) ?? null
            );
          },
          selector,
          wanted,
        )
      ).asElement() as ElementHandle | null,
    normalise(text),
  );
}

/** The form that holds a heading reading `heading` (the case page has one form per action). */
export function formTitled(page: Page, heading: string): Promise<ElementHandle> {
  return findOne(
    page,
    'form headed',
    async (root, wanted) =>
      (
        await root.evaluateHandle((el, w) => {
          const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
          const h = [...el.querySelectorAll('form h2, form h3')].find(
            (x) => fold(x.textContent ?? '') === w,
          );
          return h?.closest('form') ?? null;
        }, wanted)
      ).asElement() as ElementHandle | null,
    normalise(heading),
  );
}

// ---------------------------------------------------------------------------------------------
// Doing things

/** Clicks and waits for the page it leads to; returns that page's response. */
export async function clickAndWait(
  page: Page,
  target: ElementHandle,
): Promise<HTTPResponse | null> {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    target.click(),
  ]);
  return response;
}

/** Types into the field labelled `label`, replacing what was there. */
export async function fill(scope: Scope, label: string, value: string): Promise<void> {
  const field = await control(scope, label);
  await field.click({ count: 3 });
  await field.evaluate((el) => {
    el.value = '';
  });
  await field.type(value);
}

/** Picks the option whose visible words are `option` in the list labelled `label`. */
export async function choose(scope: Scope, label: string, option: string): Promise<void> {
  const select = await control(scope, label);
  const value = await select.evaluate((el, wanted) => {
    const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
    const found = [...el.options].find((o) => fold(o.textContent ?? '') === wanted);
    return found ? (found.value as string) : null;
  }, normalise(option));
  if (value === null) throw new Error(`"${label}" has no option "${option}"`);
  await select.select(value);
}

/** The visible words of every option in the list labelled `label`. */
export async function optionsOf(scope: Scope, label: string): Promise<string[]> {
  const select = await control(scope, label);
  return select.evaluate((el) =>
    [...el.options].map((o) => (o.textContent ?? '').replace(/\s+/g, ' ').trim() as string),
  );
}

/** Ticks a checkbox or radio by clicking its label, as a person would. */
export async function tick(scope: Scope, label: string): Promise<void> {
  const target = await choice(scope, label);
  const checked = await target.evaluate((el) => Boolean(el.control.checked));
  if (!checked) await target.click();
  if (!(await target.evaluate((el) => Boolean(el.control.checked)))) {
    throw new Error(`clicking "${label}" did not tick it`);
  }
}

/**
 * Sets a date or datetime-local box. Typing into one depends on the browser's locale, so the
 * value is set as the box's own picker would, with the same input and change events.
 */
export async function setDateTime(scope: Scope, label: string, value: string): Promise<void> {
  const field = await control(scope, label);
  await field.evaluate((el, v) => {
    const win = el.ownerDocument.defaultView;
    el.value = v;
    el.dispatchEvent(new win.Event('input', { bubbles: true }));
    el.dispatchEvent(new win.Event('change', { bubbles: true }));
  }, value);
}

/** The value of the field labelled `label`, as the browser would send it. */
export async function valueOf(scope: Scope, label: string): Promise<string> {
  return (await control(scope, label)).evaluate((el) => String(el.value));
}

/** What a person reads on the page (rendered text, hidden text excluded). */
export async function pageText(page: Page): Promise<string> {
  return page.$eval('body', (el) => String(el.innerText));
}

export async function heading(page: Page): Promise<string> {
  return normalise(await page.$eval('h1', (el) => String(el.textContent ?? '')));
}

export interface Download {
  href: string;
  status: number;
  contentType: string;
  body: Buffer;
}

/**
 * Follows a download link from inside the page (same origin, with the session cookie), as the
 * browser does when the link is clicked, and returns the bytes.
 */
export async function download(scope: Scope, linkText: string): Promise<Download> {
  const anchor = await link(scope, linkText);
  const result = (await anchor.evaluate(async (el) => {
    const win = el.ownerDocument.defaultView;
    const response = await win.fetch(el.href, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await response.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return {
      href: String(el.href),
      status: Number(response.status),
      contentType: String(response.headers.get('content-type') ?? ''),
      base64: String(win.btoa(binary)),
    };
  })) as { href: string; status: number; contentType: string; base64: string };
  return { ...result, body: Buffer.from(result.base64, 'base64') };
}

/** Saves a full-page PNG at the harness's width (1100 px), with nothing focused. */
export async function saveScreenshot(page: Page, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await page.$eval('body', (el) => el.ownerDocument.activeElement?.blur());
  await page.screenshot({ path, fullPage: true, type: 'png' });
}

// ---------------------------------------------------------------------------------------------
// Accessibility

const AXE_SOURCE = readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core on the page as it is and returns the serious and critical violations.
 *
 * The pages' CSP forbids inline script, so axe is not added with a <script> tag. Its source is
 * evaluated through the DevTools protocol (Runtime.evaluate), which CSP does not govern. This
 * was chosen over page.setBypassCSP(true) because bypassing needs a reload before the check and
 * would test a page with its CSP switched off; this way the page keeps the headers it ships with.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(`
    window.axe.run(document, { resultTypes: ['violations'] }).then((result) =>
      result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      })),
    )
  `)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Collects axe findings over many pages, so one assertion at the end names them all. */
export class AxeLog {
  readonly checked: string[] = [];
  readonly findings: string[] = [];

  async check(page: Page, label?: string): Promise<AxeViolation[]> {
    const where = label ?? new URL(page.url()).pathname;
    const violations = await seriousAxeViolations(page);
    this.checked.push(where);
    for (const v of violations) {
      this.findings.push(`${where}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(' | ')}`);
    }
    return violations;
  }
}

// ---------------------------------------------------------------------------------------------
// Test data

/** A London wall-clock time as a datetime-local box holds it (YYYY-MM-DDTHH:mm). */
export function londonLocal(date: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A real, decodable PNG that looks a little like a screenshot of a post: a coloured header, an
 * avatar and grey lines of "text".
 */
export function samplePng(width = 240, height = 160): Buffer {
  const row = 1 + width * 3;
  const raw = Buffer.alloc(height * row);
  const paint = (x: number, y: number, rgb: [number, number, number]) => {
    const at = y * row + 1 + x * 3;
    raw[at] = rgb[0];
    raw[at + 1] = rgb[1];
    raw[at + 2] = rgb[2];
  };
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      let rgb: [number, number, number] = [255, 255, 255];
      if (y < 28) rgb = [59, 89, 152];
      else if ((x - 24) ** 2 + (y - 52) ** 2 < 14 ** 2) rgb = [200, 120, 60];
      else if (x > 48 && x < 200 && y > 44 && y < 52) rgb = [60, 60, 60];
      else if (x > 16 && x < width - 16 && [80, 96, 112, 128].some((l) => y > l && y < l + 7)) {
        rgb = x < width - 16 - ((y * 7) % 60) ? [170, 170, 170] : [255, 255, 255];
      }
      paint(x, y, rgb);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Writes bytes to a fresh temp directory, as a file a person would pick; returns its path. */
export function tempFile(name: string, bytes: Buffer): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'browser-upload-'));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
