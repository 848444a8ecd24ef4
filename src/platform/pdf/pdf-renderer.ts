import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { BrowserSession } from './browser-session.js';
import { untilAborted, withTimeout } from './deadline.js';
import { PdfErrorCode, PdfException } from './pdf.exception.js';
import type { IsolatedPage } from './isolated-page.js';
import { ASSET_ORIGIN, type PdfAsset, type PdfRenderJob } from './pdf-job.js';
import { OwnerSlots, Semaphore } from './semaphore.js';
import { IMAGE_MIME_TYPES } from '../file-types/file-type.types.js';

const ASSET_URL = /^https:\/\/case-assets\.invalid\/[A-Za-z0-9._~-]{1,200}$/;

export interface PdfRendererOptions {
  executablePath: string;
  concurrency?: number;
  /** Per job, from the render() call, queueing included. */
  timeoutMs?: number;
  maxRendersPerBrowser?: number;
  /**
   * How many of the slots one owner's jobs may hold at once (default: all but one), so one
   * person's big file cannot keep everyone else's downloads waiting. One more job of theirs may
   * wait for their own slot; beyond that they get 429 PDF_RENDERS_IN_PROGRESS.
   */
  perOwner?: number;
}

export interface PdfRendererStats {
  renders: number;
  failures: number;
  timeouts: number;
  cancelled: number;
  launches: number;
  pid: number | undefined;
  active: number;
  queued: number;
}

interface Lease {
  session: BrowserSession;
  page: IsolatedPage;
}

const LAUNCH_ATTEMPTS = 2;
/** Jobs one owner may have waiting for their own slot, beyond those running. */
const OWN_JOBS_WAITING = 1;
const SPARE_AFTER_IDLE_MS = 50;

/**
 * HTML to A4 PDF over one warm Chromium. Each job gets a browser context of its own with
 * JavaScript off and no network, and is killed at its deadline (its renderer and print
 * compositor SIGKILLed, its context closed), freeing its slot at once. The
 * browser is relaunched after a crash and replaced, once drained, every maxRendersPerBrowser
 * jobs.
 */
@Injectable()
export class PdfRenderer implements OnApplicationShutdown {
  private readonly logger = new Logger(PdfRenderer.name);
  private readonly executablePath: string;
  private readonly timeoutMs: number;
  private readonly maxRendersPerBrowser: number;
  private readonly slots: Semaphore;
  private readonly owners: OwnerSlots;
  private session?: BrowserSession;
  private launching?: Promise<BrowserSession>;
  private readonly draining = new Set<Promise<void>>();
  private closing?: Promise<void>;
  private jobSeq = 0;
  private spareTimer?: NodeJS.Timeout;
  /** When the last job's PDF was handed back (performance.now()), to tell a run of jobs. */
  private lastJobEndedAt = -Infinity;
  private readonly counts = { renders: 0, failures: 0, timeouts: 0, cancelled: 0, launches: 0 };

  constructor(options: PdfRendererOptions) {
    const { concurrency = 2, timeoutMs = 20_000, maxRendersPerBrowser = 200 } = options;
    if (!Number.isInteger(maxRendersPerBrowser) || maxRendersPerBrowser < 1) {
      throw new RangeError('maxRendersPerBrowser must be >= 1');
    }
    if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be > 0');
    this.executablePath = options.executablePath;
    this.timeoutMs = timeoutMs;
    this.maxRendersPerBrowser = maxRendersPerBrowser;
    this.slots = new Semaphore(concurrency);
    this.owners = new OwnerSlots(
      options.perOwner ?? Math.max(1, concurrency - 1),
      OWN_JOBS_WAITING,
    );
  }

  get stats(): PdfRendererStats {
    return {
      ...this.counts,
      pid: this.session?.pid,
      active: this.slots.inUse,
      queued: this.slots.waiting,
    };
  }

  async render(job: PdfRenderJob): Promise<Buffer> {
    this.assertOpen();
    const assets = indexAssets(job.assets ?? []);
    const jobId = ++this.jobSeq;
    const deadline = new AbortController();
    const timeoutMs = job.timeoutMs ?? this.timeoutMs;
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    // A caller that goes away (a download closed mid-render) ends the job as its deadline does.
    const signal = job.signal ? AbortSignal.any([deadline.signal, job.signal]) : deadline.signal;
    try {
      const pdf = await this.run(job, assets, signal);
      this.counts.renders++;
      return pdf;
    } catch (error) {
      throw this.classify(jobId, error, deadline.signal, job.signal, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * For readiness: the warm browser, launched now if there is none, so a Chromium that cannot
   * start shows in the probe rather than in someone's download. The next job reuses it.
   */
  async ensureLaunched(): Promise<void> {
    this.assertOpen();
    if (this.session?.connected) return;
    this.launching ??= this.launch().finally(() => (this.launching = undefined));
    await this.launching;
  }

  /** Rejects queued jobs, lets running ones finish (each is bounded by its deadline), then
   *  closes Chromium and its whole process tree. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  private async run(
    job: PdfRenderJob,
    assets: ReadonlyMap<string, PdfAsset>,
    signal: AbortSignal,
  ): Promise<Buffer> {
    // The owner's own slot first: a job waiting behind its owner's other job does not hold one
    // of the shared slots meanwhile.
    const releaseOwn = await this.owners.acquire(job.owner, signal);
    let releaseShared: () => void;
    try {
      releaseShared = await this.slots.acquire(signal);
    } catch (error) {
      releaseOwn();
      throw error;
    }
    const release = () => {
      releaseShared();
      releaseOwn();
    };
    // A job that arrives while another runs, or straight after one, is likely to be followed
    // by another: it opens the next job's page while it renders (see lease()).
    const inARun =
      this.slots.inUse > 1 ||
      this.slots.waiting > 0 ||
      performance.now() - this.lastJobEndedAt < SPARE_AFTER_IDLE_MS;
    const leasing = this.lease(signal, inARun);
    let lease: Lease | undefined;
    try {
      lease = await untilAborted(leasing, signal);
      const { page, session } = lease;
      // The deadline (or the caller leaving) kills the job, not the browser: its renderer and
      // print compositor are SIGKILLed at once (they would otherwise run on, unasked, for as
      // long as the print takes), and its context closed, which then completes at once and
      // frees the slot.
      const kill = () => {
        session.killJob(page);
        void page.dispose();
      };
      signal.addEventListener('abort', kill, { once: true });
      try {
        return await untilAborted(session.whileConnected(page.print(job, assets)), signal);
      } catch (error) {
        if (!lease.session.connected && !signal.aborted) throw unavailable('Chromium went away');
        throw error;
      } finally {
        signal.removeEventListener('abort', kill);
        this.lastJobEndedAt = performance.now();
      }
    } finally {
      // Teardown does not delay the caller, but the slot is held until the context is gone, so
      // the concurrency bound also covers pages Chromium is still tearing down.
      const finished = lease
        ? this.finish(lease)
        : leasing.then(
            (late) => this.finish(late),
            () => undefined,
          );
      void finished.finally(release);
    }
  }

  /**
   * The job's page: the spare if one is ready (or opening), else a new one. In a run of jobs
   * the next job's spare is opened now, while this one renders, so the next job starts at
   * setContent rather than behind a new renderer process (~150 ms); the spare is brand new and
   * is taken by exactly one job. A job on its own leaves that to prepareSpareWhenIdle(), so its
   * own render does not share the CPU with a renderer starting up.
   */
  private async lease(signal: AbortSignal, inARun: boolean): Promise<Lease> {
    const session = await this.claimSession(signal);
    try {
      const page = await session.whileConnected(session.takePage());
      if (inARun && session.rendersStarted < this.maxRendersPerBrowser) session.prepareSpare();
      return { session, page };
    } catch (error) {
      session.leave();
      throw session.connected ? error : unavailable('Chromium went away');
    }
  }

  private async finish({ session, page }: Lease): Promise<void> {
    session.returnPage(page);
    const closed = await page.dispose();
    if (!closed && session.connected) {
      this.logger.warn(`Chromium pid ${session.pid} did not close a context; killing it`);
      session.kill();
    }
    session.leave();
    this.prepareSpareWhenIdle();
  }

  /**
   * Opening a context costs a renderer process (~150 ms of CPU). A job that came on its own
   * does not pay for the next one's while it renders: the spare is opened once the renderer has
   * been idle for a moment, and a later job then starts straight at setContent. (A run of jobs
   * opens it sooner: see lease().) Only after a job: Chromium may have been launched by the
   * readiness probe alone, which opens no page.
   */
  private prepareSpareWhenIdle(): void {
    clearTimeout(this.spareTimer);
    this.spareTimer = setTimeout(() => {
      const session = this.session;
      const idle = this.slots.inUse === 0 && this.slots.waiting === 0;
      if (idle && session && session.rendersStarted < this.maxRendersPerBrowser) {
        session.prepareSpare();
      }
    }, SPARE_AFTER_IDLE_MS);
    this.spareTimer.unref();
  }

  /** The warm browser if it has budget left; otherwise drain the old one and launch anew. */
  private async claimSession(signal: AbortSignal): Promise<BrowserSession> {
    for (let attempt = 0; ; attempt++) {
      this.assertOpen();
      if (signal.aborted) throw signal.reason;
      const current = this.session;
      if (current?.connected && current.rendersStarted < this.maxRendersPerBrowser) {
        current.enter();
        return current;
      }
      if (current) this.retire(current);
      if (attempt >= LAUNCH_ATTEMPTS) throw unavailable('Chromium keeps going away');
      this.launching ??= this.launch().finally(() => (this.launching = undefined));
      await this.launching;
    }
  }

  private async launch(): Promise<BrowserSession> {
    await Promise.all(this.draining);
    this.assertOpen();
    let session: BrowserSession;
    try {
      session = await BrowserSession.launch(this.executablePath);
    } catch (error) {
      this.logger.error(`Chromium failed to launch: ${(error as Error).message.split('\n')[0]}`);
      throw unavailable('Chromium failed to launch');
    }
    if (this.closing) {
      await session.close();
      throw unavailable('PDF renderer is shutting down');
    }
    this.counts.launches++;
    this.logger.log(`Chromium launched, pid ${session.pid} (launch ${this.counts.launches})`);
    session.onDisconnected(() => {
      if (session.retiring || this.closing) return;
      this.logger.warn(`Chromium pid ${session.pid} disconnected; relaunching on next job`);
      if (this.session === session) this.session = undefined;
    });
    // No spare yet: the readiness probe launches too, and the first job opens its own page.
    this.session = session;
    return session;
  }

  private retire(session: BrowserSession): void {
    if (this.session === session) this.session = undefined;
    if (session.retiring) return;
    session.retiring = true;
    // No job will take a page from this browser again.
    session.discardSpare();
    this.logger.log(`Retiring Chromium pid ${session.pid} after ${session.rendersStarted} jobs`);
    const closed = session.drained().then(() => session.close());
    this.draining.add(closed);
    void closed.finally(() => this.draining.delete(closed));
  }

  private async shutDown(): Promise<void> {
    clearTimeout(this.spareTimer);
    this.slots.rejectWaiting(unavailable('PDF renderer is shutting down'));
    await this.launching?.catch(() => undefined);
    const session = this.session;
    this.session = undefined;
    if (session) {
      session.retiring = true;
      // Running jobs end by their deadline at the latest; the margin covers their teardown.
      await withTimeout(session.drained(), this.timeoutMs + 5_000).catch(() => undefined);
      await session.close();
    }
    await Promise.all(this.draining);
  }

  private assertOpen(): void {
    if (this.closing) throw unavailable('PDF renderer is shutting down');
  }

  private classify(
    jobId: number,
    error: unknown,
    deadline: AbortSignal,
    cancel: AbortSignal | undefined,
    timeoutMs: number,
  ): Error {
    if (cancel?.aborted && !deadline.aborted) {
      this.counts.cancelled++;
      this.logger.log(`PDF job ${jobId} cancelled: its caller went away`);
      return new PdfException(PdfErrorCode.PdfRenderCancelled, 'PDF render cancelled');
    }
    if (error instanceof PdfException && error.code === PdfErrorCode.PdfRendersInProgress) {
      return error; // refused before it started: neither a failure nor a timeout
    }
    if (deadline.aborted) {
      this.counts.timeouts++;
      this.logger.warn(`PDF job ${jobId} passed its ${timeoutMs} ms deadline`);
      return new PdfException(
        PdfErrorCode.PdfRenderTimeout,
        `PDF render took longer than ${timeoutMs} ms`,
      );
    }
    this.counts.failures++;
    if (error instanceof PdfException) {
      this.logger.warn(`PDF job ${jobId} failed: ${error.code}`);
      return error;
    }
    // Puppeteer's message is protocol detail, not document text, but only the name is kept.
    this.logger.error(`PDF job ${jobId} failed: ${(error as Error)?.name ?? 'unknown error'}`);
    return new PdfException(PdfErrorCode.PdfRenderFailed, 'PDF render failed');
  }
}

function unavailable(message: string): PdfException {
  return new PdfException(PdfErrorCode.PdfRendererUnavailable, message);
}

function indexAssets(assets: readonly PdfAsset[]): ReadonlyMap<string, PdfAsset> {
  const byUrl = new Map<string, PdfAsset>();
  assets.forEach((asset, index) => {
    const invalid = (why: string) =>
      new PdfException(PdfErrorCode.PdfAssetInvalid, `Asset ${index} ${why}`);
    if (!ASSET_URL.test(asset.url)) throw invalid(`URL must be ${ASSET_ORIGIN}<id>`);
    if (!IMAGE_MIME_TYPES.has(asset.contentType)) throw invalid('is not a PNG, JPEG, GIF or WebP');
    if (!(asset.body instanceof Uint8Array) && typeof asset.load !== 'function')
      throw invalid('has no body');
    if (byUrl.has(asset.url)) throw invalid('repeats a URL');
    byUrl.set(asset.url, asset);
  });
  return byUrl;
}
