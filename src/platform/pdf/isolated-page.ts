import type { Browser, BrowserContext, HTTPRequest, Page, PDFOptions } from 'puppeteer-core';
import { bootTicks } from './chromium-processes.js';
import { withTimeout } from './deadline.js';
import { Semaphore } from './semaphore.js';
import { PdfErrorCode, PdfException } from './pdf.exception.js';
import type { PdfAsset, PdfRenderJob } from './pdf-job.js';

const DISPOSE_TIMEOUT_MS = 5_000;
/**
 * Assets fetched from the store at once, per page. Chromium asks for every image of the
 * document together; fetching them a few at a time keeps only a few in memory, each dropped as
 * soon as it is handed over, while still keeping Chromium's decoders busy.
 */
const ASSET_LOADS_AT_ONCE = 4;
// Chromium prints its own URL/date/title when one of the two templates is missing.
const EMPTY_TEMPLATE = '<span></span>';
const MARGIN_WITH_HEADER = { top: '20mm', bottom: '20mm', left: '15mm', right: '15mm' };
const MARGIN_PLAIN = { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' };

/**
 * A4 with backgrounds; header and footer only when the caller supplies one. The margins are
 * defaults: a template's CSS @page margin takes precedence in Chromium.
 */
export function pdfOptions(job: Pick<PdfRenderJob, 'headerHtml' | 'footerHtml'>): PDFOptions {
  const withHeader = job.headerHtml !== undefined || job.footerHtml !== undefined;
  return {
    format: 'A4',
    printBackground: true,
    displayHeaderFooter: withHeader,
    headerTemplate: job.headerHtml ?? EMPTY_TEMPLATE,
    footerTemplate: job.footerHtml ?? EMPTY_TEMPLATE,
    margin: withHeader ? MARGIN_WITH_HEADER : MARGIN_PLAIN,
    // The renderer's own deadline governs; puppeteer's would fire at a different moment.
    timeout: 0,
  };
}

const ASSET_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/** What puppeteer keeps on an intercepted request, under names it does not promise to keep. */
interface InterceptedRequest {
  _fetchClient?: { send(method: 'Fetch.fulfillRequest', params: object): Promise<unknown> };
  _interceptionId?: string;
}

/**
 * Answers an intercepted request with an asset. request.respond() base64-encodes the body a
 * character at a time (String.fromCodePoint, then btoa): some 30 ms of this process's CPU and
 * garbage for the five screenshots of an HR file, on every job's critical path. The same
 * Fetch.fulfillRequest puppeteer would send is sent here with Buffer's encoder instead; should
 * a puppeteer upgrade drop the two internals it needs, respond() takes over again.
 */
export function fulfil(
  request: HTTPRequest,
  contentType: string,
  body: Uint8Array,
): Promise<unknown> {
  const { _fetchClient: fetch, _interceptionId: requestId } =
    request as unknown as InterceptedRequest;
  if (!fetch || typeof fetch.send !== 'function' || typeof requestId !== 'string') {
    return request.respond({ status: 200, contentType, headers: ASSET_HEADERS, body });
  }
  const headers = { ...ASSET_HEADERS, 'Content-Type': contentType };
  return fetch.send('Fetch.fulfillRequest', {
    requestId,
    responseCode: 200,
    responsePhrase: 'OK',
    responseHeaders: [
      ...Object.entries(headers).map(([name, value]) => ({ name, value })),
      { name: 'Content-Length', value: String(body.byteLength) },
    ],
    body: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64'),
  });
}

/**
 * One browser context with one page, locked down before any content arrives, used for
 * exactly one job and then closed. Nothing is shared with another job: no cookies, cache,
 * storage or renderer process.
 */
export class IsolatedPage {
  /** The renderer process(es) that started for this page, when the session could see them. */
  rendererPids: readonly number[] = [];
  /** When its print began, in boot ticks (chromium-processes.ts), to know its compositor. */
  printStartedAt?: number;
  private assets: ReadonlyMap<string, PdfAsset> = new Map();
  private navigationBlocked = false;
  private assetFailed = false;
  private readonly loads = new Semaphore(ASSET_LOADS_AT_ONCE);
  private disposal?: Promise<boolean>;

  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {
    page.on('request', (request) => this.answer(request));
  }

  static async open(browser: Browser): Promise<IsolatedPage> {
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      const isolated = new IsolatedPage(context, page);
      await Promise.all([
        page.setJavaScriptEnabled(false),
        page.setRequestInterception(true),
        page.setOfflineMode(true),
      ]);
      return isolated;
    } catch (error) {
      await withTimeout(context.close(), DISPOSE_TIMEOUT_MS).catch(() => undefined);
      throw error;
    }
  }

  async print(job: PdfRenderJob, assets: ReadonlyMap<string, PdfAsset>): Promise<Buffer> {
    this.assets = assets;
    try {
      // 'load' and not network idle: every request is answered from memory or refused at once.
      await this.page.setContent(job.html, { waitUntil: 'load', timeout: 0 });
      this.printStartedAt = bootTicks();
      const pdf = await this.page.pdf(pdfOptions(job));
      this.assertStayed();
      this.assertAssetsLoaded();
      return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } catch (error) {
      this.assertStayed();
      throw error;
    }
  }

  /** Closes the context (killing its renderer). Resolves false if Chromium did not confirm. */
  dispose(): Promise<boolean> {
    this.disposal ??= withTimeout(this.context.close(), DISPOSE_TIMEOUT_MS).then(
      () => true,
      () => false,
    );
    return this.disposal;
  }

  /**
   * The only responses a page ever gets are the job's own assets. Everything else is refused
   * here; the browser's proxy flags catch what interception never sees (prefetch, preconnect).
   */
  private answer(request: HTTPRequest): void {
    // A navigation is never answered, not even with an asset: the page keeps its content.
    const navigation = request.isNavigationRequest();
    const asset =
      !navigation && request.method() === 'GET' ? this.assets.get(request.url()) : undefined;
    if (asset) {
      void this.respond(request, asset);
      return;
    }
    // A meta refresh would otherwise print Chromium's error page instead of the document.
    if (navigation && request.frame() === this.page.mainFrame()) {
      this.navigationBlocked = true;
    }
    void request.abort('blockedbyclient').catch(() => undefined);
  }

  private async respond(request: HTTPRequest, asset: PdfAsset): Promise<void> {
    let body = asset.body;
    if (!body) {
      const release = await this.loads.acquire();
      try {
        // A job killed meanwhile has no use for the bytes.
        if (this.disposal) return;
        body = await asset.load!();
      } catch {
        // A missing image must not print as a blank box in a document that claims to be whole.
        this.assetFailed = true;
        void request.abort('failed').catch(() => undefined);
        return;
      } finally {
        release();
      }
    }
    await fulfil(request, asset.contentType, body).catch(() => undefined);
  }

  private assertAssetsLoaded(): void {
    if (this.assetFailed) {
      throw new PdfException(PdfErrorCode.PdfRenderFailed, 'An image could not be read');
    }
  }

  private assertStayed(): void {
    if (this.navigationBlocked) {
      throw new PdfException(
        PdfErrorCode.PdfRenderFailed,
        'Document tried to navigate away from its content',
      );
    }
  }
}
