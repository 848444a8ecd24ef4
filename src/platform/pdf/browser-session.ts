import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import {
  killInGroup,
  liveProcessesOfGroup,
  printCompositors,
  rendererPids,
} from './chromium-processes.js';
import { untilAborted, withTimeout } from './deadline.js';
import { IsolatedPage } from './isolated-page.js';

const CLOSE_TIMEOUT_MS = 5_000;
const LAUNCH_TIMEOUT_MS = 30_000;

/**
 * Puppeteer adds --headless (headless: 'shell'), --user-data-dir (userDataDir) and
 * --remote-debugging-pipe (pipe: true: no DevTools port on localhost for other local
 * processes to drive).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox', // we run as root, where Chromium refuses its sandbox
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  // Request interception never sees <link rel=prefetch> or preconnect, which do reach the
  // network. An unresolvable proxy (with loopback no longer bypassed) and a resolver that
  // fails every name leave Chromium no route out at all, whatever the HTML asks for.
  '--proxy-server=http://proxy.invalid:9',
  '--proxy-bypass-list=<-loopback>',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  // Scripts off browser-wide, on top of per-page setJavaScriptEnabled(false).
  '--blink-settings=scriptEnabled=false',
  // Each new window would otherwise start two omnibox WebUI renderers we never show, and
  // every job would leave behind a spare renderer for a context that is about to close.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,SpareRendererForSitePerProcess',
];

/** One Chromium process, its temporary profile, and the bookkeeping to drain and retire it. */
export class BrowserSession {
  rendersStarted = 0;
  retiring = false;
  private active = 0;
  private idleWaiters: Array<() => void> = [];
  private spare?: Promise<IsolatedPage>;
  private closing?: Promise<void>;
  /** Pages handed to jobs and not yet returned. */
  private readonly leased = new Set<IsolatedPage>();
  /** Pages open one at a time, so the renderer that appears while one opens is that page's. */
  private opening: Promise<unknown> = Promise.resolve();
  /** Aborted when Chromium goes away. */
  private readonly gone = new AbortController();

  private constructor(
    private readonly browser: Browser,
    private readonly profileDir: string,
    readonly pid: number | undefined,
  ) {
    browser.once('disconnected', () => {
      this.gone.abort(new Error('Chromium went away'));
      void this.cleanUp();
    });
  }

  static async launch(executablePath: string): Promise<BrowserSession> {
    const profileDir = await mkdtemp(join(tmpdir(), 'pdf-renderer-profile-'));
    try {
      // Loaded with the first launch, not at start-up: Chromium itself starts lazily too.
      const { default: puppeteer } = await import('puppeteer-core');
      const browser = await puppeteer.launch({
        executablePath,
        headless: 'shell',
        pipe: true,
        userDataDir: profileDir,
        args: [...CHROMIUM_ARGS],
        // The page size comes from the PDF options; skipping emulation saves a round trip.
        defaultViewport: null,
        // Shutdown belongs to the application (close()), not to puppeteer's signal handlers.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        timeout: LAUNCH_TIMEOUT_MS,
      });
      return new BrowserSession(browser, profileDir, browser.process()?.pid);
    } catch (error) {
      await rm(profileDir, { recursive: true, force: true });
      throw error;
    }
  }

  get connected(): boolean {
    return this.browser.connected && !this.closing;
  }

  get activeJobs(): number {
    return this.active;
  }

  /**
   * Settles like `work`, or rejects as soon as Chromium goes away. Puppeteer leaves some calls
   * pending for good when the browser dies under them: jobs whose Chromium was SIGKILLed 60 to
   * 125 ms in (one kill in six, there) waited for their deadline, holding a slot and a caller.
   */
  whileConnected<T>(work: Promise<T>): Promise<T> {
    return untilAborted(work, this.gone.signal);
  }

  onDisconnected(listener: () => void): void {
    this.browser.once('disconnected', listener);
  }

  /** Counts a job against this browser; pair with leave(). */
  enter(): void {
    this.rendersStarted++;
    this.active++;
  }

  leave(): void {
    this.active--;
    if (this.active === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** Resolves once no job is running on this browser. */
  drained(): Promise<void> {
    return this.active === 0
      ? Promise.resolve()
      : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * A fresh context and page for one job: the one prepared in advance if there is one (it has
   * never held content), otherwise a new one.
   */
  async takePage(): Promise<IsolatedPage> {
    const spare = this.spare;
    this.spare = undefined;
    if (spare) {
      const page = await spare.catch(() => undefined);
      if (page) return this.lease(page);
    }
    return this.lease(await this.openPage());
  }

  private lease(page: IsolatedPage): IsolatedPage {
    this.leased.add(page);
    return page;
  }

  /** Opens the next job's context now, so a warm render does not wait for a new renderer. */
  prepareSpare(): void {
    if (this.spare || !this.connected || this.retiring) return;
    const spare = this.openPage();
    spare.catch(() => undefined);
    this.spare = spare;
  }

  /** Graceful close, then SIGKILL for the whole process group, then the profile goes. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.discardSpare();
      if (this.browser.connected) {
        await withTimeout(this.browser.close(), CLOSE_TIMEOUT_MS).catch(() => undefined);
      }
      await this.cleanUp();
    })();
    return this.closing;
  }

  /**
   * SIGKILLs what is working for `page`, a job past its deadline: its renderer, and the print
   * compositor its print started. Closing the context alone ends neither at once: a renderer
   * busy laying out, and a compositor busy making the PDF, run on for as long as the print
   * would have taken, holding a core and hundreds of MB after the caller has had its 503. The
   * browser and its other jobs go on. A compositor is taken to be the job's whose print began
   * last before it started (two prints starting within the same 10 ms tick cannot be told
   * apart; then the later one's compositor is spared, and ends when its context closes).
   */
  killJob(page: IsolatedPage): void {
    const pgid = this.pid;
    if (!pgid) return;
    for (const pid of page.rendererPids) killInGroup(pid, pgid);
    const ours = page.printStartedAt;
    if (ours === undefined) return;
    const laterPrints = [...this.leased]
      .map((other) => other.printStartedAt)
      .filter((at): at is number => at !== undefined && at > ours);
    for (const compositor of printCompositors(pgid)) {
      if (compositor.startedAt < ours) continue;
      if (laterPrints.some((at) => at <= compositor.startedAt)) continue;
      killInGroup(compositor.pid, pgid);
    }
  }

  /** The job holding `page` is over (its context is closing): it no longer owns a compositor. */
  returnPage(page: IsolatedPage): void {
    this.leased.delete(page);
  }

  /** Opens a page and notes the renderer process that started for it (Linux /proc only). */
  private openPage(): Promise<IsolatedPage> {
    const opened = this.opening.then(async () => {
      const before = new Set(this.pid ? rendererPids(this.pid) : []);
      const page = await IsolatedPage.open(this.browser);
      if (this.pid) page.rendererPids = rendererPids(this.pid).filter((pid) => !before.has(pid));
      return page;
    });
    this.opening = opened.catch(() => undefined);
    return opened;
  }

  /** For a browser that stopped answering: the disconnect handlers then take over. */
  kill(): void {
    this.killProcessGroup();
  }

  /** Closes the spare, if any: the browser is retiring or closing. */
  discardSpare(): void {
    const spare = this.spare;
    this.spare = undefined;
    void spare?.then((page) => page.dispose()).catch(() => undefined);
  }

  private async cleanUp(): Promise<void> {
    this.spare = undefined;
    // Renderers and zygotes can outlive a SIGKILLed parent; they share its process group.
    this.killProcessGroup();
    // SIGKILL is delivered at once but exiting is not: wait, briefly, until the group is gone,
    // so close() means no Chromium process is left running.
    if (this.pid) await waitForGroupExit(this.pid, GROUP_EXIT_TIMEOUT_MS);
    await rm(this.profileDir, { recursive: true, force: true }).catch(() => undefined);
  }

  private killProcessGroup(): void {
    if (!this.pid) return;
    try {
      // puppeteer spawns Chromium detached, so its pid is also its process-group id.
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // ESRCH: the group is already gone.
    }
  }
}

const GROUP_EXIT_TIMEOUT_MS = 3_000;

/** Resolves once no process of the group is still running (zombies count as gone), or on timeout. */
async function waitForGroupExit(pgid: number, timeoutMs: number): Promise<void> {
  if (!existsSync('/proc')) return;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && groupHasLiveProcess(pgid)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function groupHasLiveProcess(pgid: number): boolean {
  return liveProcessesOfGroup(pgid).length > 0;
}
