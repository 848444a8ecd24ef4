import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { rendererPids } from './chromium-processes.js';
import { PdfRenderer, type PdfRendererOptions } from './pdf-renderer.js';
import { CHROMIUM } from '../../../test/support/chromium.js';
import { poppler } from '../../../test/support/pdf-text.js';

// The page a job prints on may be opened before the job arrives (a spare), but each is a new
// browser context, used by one job and closed after it. These specs watch Chromium's renderer
// processes, one per context, to see when pages open and close.

const SLOW = 30_000;

Logger.overrideLogger(false);

const renderers: PdfRenderer[] = [];
function renderer(options: Partial<PdfRendererOptions> = {}): PdfRenderer {
  const created = new PdfRenderer({ executablePath: CHROMIUM, ...options });
  renderers.push(created);
  return created;
}

afterAll(() => Promise.all(renderers.map((created) => created.close())));

const page = (body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`;

/** Pages of table: long enough to watch what happens while it renders. */
function bigDocument(rows: number): string {
  return page(`<table>${'<tr><td>entry</td><td>21 Nov 2026</td></tr>'.repeat(rows)}</table>`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(20);
  }
}

const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

const pdfText = (pdf: Buffer) => poppler('pdftotext', pdf, []);

describe('PdfRenderer spare pages (real Chromium)', () => {
  it(
    'launches nothing before the first job; the readiness probe opens no page; a job then leaves one spare',
    async () => {
      const lazy = renderer();
      await sleep(200);
      expect(lazy.stats).toMatchObject({ pid: undefined, launches: 0 });

      await lazy.ensureLaunched();
      const pid = lazy.stats.pid as number;
      await sleep(500); // a spare, were one opened, would be up by now
      const atLaunch = rendererPids(pid); // the browser's first tab only

      await lazy.render({ html: page('first job') });
      await waitFor(() => lazy.stats.active === 0); // its context is closed
      await sleep(500); // the spare opens once the renderer has been idle for a moment
      const afterJob = rendererPids(pid);

      expect(afterJob).toHaveLength(atLaunch.length + 1);
      expect(afterJob).toEqual(expect.arrayContaining(atLaunch));
    },
    SLOW,
  );

  it(
    "opens the next job's page while a job straight after another renders; that page serves one job, then closes",
    async () => {
      const warm = renderer({ concurrency: 2 });
      await warm.ensureLaunched();
      const pid = warm.stats.pid as number;
      await sleep(300);
      const firstTab = rendererPids(pid);
      const pages = () => rendererPids(pid).filter((child) => !firstTab.includes(child));
      await warm.render({ html: page('warm up') });
      await waitFor(() => warm.stats.active === 0);
      // A page's renderer takes a moment to appear, longer on a loaded machine; then a
      // moment more for any page that should not open to show itself.
      await waitFor(() => pages().length >= 1);
      await sleep(500);
      const pageOfA = pages(); // the spare opened once the renderer was idle
      expect(pageOfA).toHaveLength(1);

      // A, then B at once: B is a job in a run, so while it renders the next job's page opens.
      await warm.render({ html: page('job A') });
      const jobB = warm.render({ html: bigDocument(8_000) });
      await waitFor(() => !alive(pageOfA[0])); // A's page closed with A
      await waitFor(() => pages().length >= 2); // B's page, and the spare
      expect(warm.stats.active).toBe(1); // still B's render: the spare did not wait for idle
      const duringB = pages();
      expect(duringB).toHaveLength(2);
      const pdfB = await jobB;

      // B's page closes with B (its process exits a moment after its context closed); the
      // spare stays, for one job.
      await waitFor(() => warm.stats.active === 0);
      await waitFor(() => duringB.filter(alive).length < 2);
      await sleep(300);
      const spare = duringB.filter(alive);
      expect(spare).toHaveLength(1);
      const bPage = duringB.find((child) => !spare.includes(child)) as number;
      expect(alive(bPage)).toBe(false);

      // C, straight after B, prints on the spare, and the spare closes with C: nobody else
      // ever gets it. C in turn opens the page for whoever comes next.
      const pdfC = await warm.render({ html: page('job C') });
      await waitFor(() => warm.stats.active === 0);
      await waitFor(() => !alive(spare[0]));
      await waitFor(() => pages().length >= 1); // as for A's, above
      await sleep(300);
      const afterC = pages();
      expect(afterC).toHaveLength(1);
      expect(duringB).not.toContain(afterC[0]);

      expect(pdfText(pdfB)).toContain('entry');
      expect(pdfText(pdfC)).toContain('job C');
      expect(warm.stats).toMatchObject({ launches: 1, failures: 0 });
    },
    SLOW,
  );

  it(
    'opens no spare for a job the browser has no budget left for, and leaves none behind when it is replaced',
    async () => {
      const recycling = renderer({ maxRendersPerBrowser: 2 });
      await recycling.render({ html: page('job 1') });
      const first = recycling.stats.pid as number;
      await recycling.render({ html: page('job 2') }); // straight after: a run, but no budget
      await waitFor(() => recycling.stats.active === 0);
      await sleep(500);
      const left = rendererPids(first);

      const pdf = await recycling.render({ html: page('job 3') });

      expect(pdfText(pdf)).toContain('job 3');
      expect(recycling.stats.pid).not.toBe(first);
      expect(left).toHaveLength(1); // the first tab: no page was opened that no job could use
      await waitFor(() => !alive(first) && left.every((child) => !alive(child)));
    },
    SLOW,
  );
});
