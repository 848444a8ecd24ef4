/**
 * Text read from screenshots (issue 21, items 1 and 2): after a report with a screenshot commits, a
 * job reads its text with tesseract; the owner and HR find the case by a word of it; the HR file
 * prints it as text read by machine; the governors' summary and other callers never see it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getPriority } from 'node:os';
import puppeteer from 'puppeteer-core';
import sharp from 'sharp';
import request from 'supertest';
import { EvidenceText } from '../../src/cases/evidence-text.entity.js';
import { imageWorkerPid, inImageWorker } from '../../src/platform/images/image-work.js';
import { JobQueue } from '../../src/platform/queue/job-queue.js';
import { CaseSteps, type CaseBody } from '../support/case-steps.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { pdfText } from '../support/pdf-text.js';
import { binary } from '../support/binary.js';
import { CHROMIUM } from '../support/chromium.js';
import { procStat } from '../support/proc.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

/** A phone-sized screenshot of a post, drawn by Chromium so its text is real rendered text. */
async function screenshotOf(lines: string[]): Promise<Buffer> {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: 'shell',
    pipe: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 585, height: 700 });
    await page.setContent(
      `<body style="font: 28px 'DejaVu Sans', sans-serif; padding: 30px; background: #fff">${lines
        .map((l) => `<p>${l}</p>`)
        .join('')}</body>`,
    );
    return Buffer.from(await page.screenshot({ type: 'png' }));
  } finally {
    await browser.close();
  }
}

const WORD = 'Marmalade';
const SOLID = { width: 40, height: 30, channels: 3, background: '#c81e1e' } as const;

describe('text read from screenshots', () => {
  let t: TestApp;
  let ids: DemoIds;
  let steps: CaseSteps;
  let c: CaseBody;
  const tok = {} as Record<'staff' | 'head' | 'chair' | 'governor' | 'dsl' | 'hr', string>;

  const list = (who: keyof typeof tok, q: string) =>
    request(t.http)
      .get(`/api/v1/cases?q=${encodeURIComponent(q)}`)
      .set(bearer(tok[who]))
      .expect(200);
  const pdf = (who: keyof typeof tok, variant: 'hr' | 'governors') =>
    binary(
      request(t.http)
        .get(`/api/v1/cases/${c.id}/case-file.pdf?variant=${variant}`)
        .set(bearer(tok[who])),
    ).expect(200);

  beforeAll(async () => {
    t = await createTestApp();
    ids = await demoIds(t);
    steps = new CaseSteps(t);
    for (const who of ['staff', 'head', 'chair', 'governor', 'dsl'] as const)
      tok[who] = await t.login(`${who}@oak.example`);
    tok.hr = await t.login('hr@council.example');
    const image = await screenshotOf([
      'Class Parents Group',
      `${WORD} sandwiches are a disgrace`,
      'Posted 2 hours ago',
    ]);
    c = (
      await fileReport(
        t,
        tok.staff,
        baseReport(ids.school.OAK, {
          type: 'online_abuse',
          clauseCodes: [],
          subjectRelationship: 'parent',
          subjectName: 'A parent',
          description: 'A parent posted about the school lunches in the class group.',
        }),
        [{ name: 'post.png', bytes: image }],
      ).expect(201)
    ).body as CaseBody;
    await t.app.get(JobQueue).drained(60_000);
  }, 120_000);
  afterAll(() => t.close());

  it('reads the text once, with the engine that read it', async () => {
    const rows = await t.dataSource.getRepository(EvidenceText).find();
    expect(rows).toHaveLength(1);
    expect(rows[0].sha256).toBe(c.evidence[0].sha256);
    expect(rows[0].text).toMatch(/Marmalade sandwiches/i);
    expect(rows[0].engine).toMatch(/^tesseract 5\.\d+\.\d+ \(eng\+cym\)$/);
  });

  it('starts the image worker at the niceness the config gives (the suite sets the app’s own)', async () => {
    // The module's default is 19: the app applying BACKGROUND_NICENESS=0 is what leaves the
    // worker at this process's own niceness.
    await inImageWorker('perceptual-hash', await sharp({ create: SOLID }).png().toBuffer());
    expect(t.config.backgroundNiceness).toBe(0);
    expect(Number(procStat(imageWorkerPid()!).fields[16])).toBe(getPriority());
  });

  it('finds the case by a word on the screenshot for the owner, and for nobody who cannot see the images', async () => {
    const owner = await list('head', WORD.toLowerCase());
    expect(owner.body.items.map((x: CaseBody) => x.id)).toEqual([c.id]);
    // The reporter, the DSL and the governors do not search the screenshots' text.
    for (const who of ['staff', 'dsl', 'governor'] as const)
      expect((await list(who, WORD)).body.items).toEqual([]);
    // A word on no screenshot finds nothing.
    expect((await list('head', 'Pineapple')).body.items).toEqual([]);
  });

  it('prints the text in the HR file as read by machine, and never in the governors’ summary', async () => {
    await steps.triage(tok.head, c.id, 'online_abuse');
    await steps.hrAdvice(tok.head, tok.hr, c.id);
    expect((await list('hr', WORD)).body.items.map((x: CaseBody) => x.id)).toEqual([c.id]);
    const hr = pdfText((await pdf('hr', 'hr')).body as Buffer);
    expect(hr).toContain('Text read by machine from the image; may contain errors');
    expect(hr).toMatch(/Marmalade sandwiches/i);

    await steps
      .post(tok.head, `/api/v1/cases/${c.id}/support`, { detail: 'Time with the wellbeing lead.' })
      .expect(201);
    await steps
      .post(tok.head, `/api/v1/cases/${c.id}/actions`, { action: 'meeting', detail: 'Met them.' })
      .expect(201);
    await steps.moveOk(tok.head, c.id, {
      to: 'outcome',
      rationale: 'The parent removed the post.',
      governorSummary: 'A parent posted about the school; the school met the parent.',
    });
    const governors = pdfText((await pdf('governor', 'governors')).body as Buffer);
    expect(governors).not.toMatch(/marmalade|read by machine/i);
  });

  describe('the same screenshot in another report', () => {
    const parentReport = () =>
      baseReport(ids.school.OAK, {
        type: 'online_abuse',
        clauseCodes: [],
        subjectRelationship: 'parent',
        subjectName: 'A parent',
        description: 'The same post about the school lunches, reported again.',
      });
    const similar = (who: 'head' | 'staff' | 'dsl', id: string) =>
      request(t.http).get(`/api/v1/cases/${id}/similar-evidence`).set(bearer(tok[who]));
    let copy: CaseBody;
    let other: CaseBody;

    beforeAll(async () => {
      const original = await screenshotOf([
        'Class Parents Group',
        `${WORD} sandwiches are a disgrace`,
        'Posted 2 hours ago',
      ]);
      const { width, height } = await sharp(original).metadata();
      // Cropped (the top line and the margins gone) and re-encoded as a JPEG, as a phone shares it.
      const cropped = await sharp(original)
        .extract({
          left: Math.round(width * 0.03),
          top: Math.round(height * 0.12),
          width: Math.round(width * 0.94),
          height: Math.round(height * 0.8),
        })
        .jpeg({ quality: 70 })
        .toBuffer();
      // Another post in the same group, laid out the same way.
      const another = await screenshotOf([
        'Class Parents Group',
        'Reminder: the cake sale is on Friday',
        'Posted 3 hours ago',
      ]);
      copy = (
        await fileReport(t, tok.staff, parentReport(), [
          { name: 'copy.jpg', bytes: cropped, contentType: 'image/jpeg' },
        ]).expect(201)
      ).body as CaseBody;
      other = (
        await fileReport(t, tok.staff, parentReport(), [
          { name: 'other.png', bytes: another },
        ]).expect(201)
      ).body as CaseBody;
      await t.app.get(JobQueue).drained(60_000);
    }, 120_000);

    it('recognises a cropped, re-encoded copy and not a different post', async () => {
      const hashes = await t.dataSource.getRepository(EvidenceText).find();
      expect(hashes.map((h) => h.perceptualHash)).toEqual(
        hashes.map(() => expect.stringMatching(/^[0-9a-f]{16}$/)),
      );
      expect((await similar('head', copy.id).expect(200)).body.items).toEqual([
        {
          evidenceId: copy.evidence[0].id,
          otherCaseId: c.id,
          otherReference: c.reference,
          otherEvidenceId: c.evidence[0].id,
        },
      ]);
      expect((await similar('head', c.id).expect(200)).body.items).toEqual([
        expect.objectContaining({ otherCaseId: copy.id, otherReference: copy.reference }),
      ]);
      expect((await similar('head', other.id).expect(200)).body.items).toEqual([]);
    });

    it('tells only those who own or advise on the case, and shows it on the case page', async () => {
      await similar('staff', copy.id).expect(403);
      await similar('dsl', copy.id).expect(404);
      const headElm = await t.login('head@elm.example');
      await request(t.http)
        .get(`/api/v1/cases/${copy.id}/similar-evidence`)
        .set(bearer(headElm))
        .expect(404);
      const page = await request(t.http).get(`/cases/${copy.id}`).set(bearer(tok.head)).expect(200);
      expect(page.text).toContain(
        `Item 1 looks like evidence in <a href="/cases/${c.id}">${c.reference}</a>`,
      );
    });
  });
});
