import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { PdfRenderer } from '../../src/platform/pdf/pdf-renderer.js';
import { png } from '../support/sample-files.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { imageCount, pageImage, pdfText, poppler, rightmostInk } from '../support/pdf-text.js';
import { binary } from '../support/binary.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';
import { CaseSteps } from '../support/case-steps.js';
import { FixedClock } from '../../src/common/clock/clock.js';
import { EvidenceItem } from '../../src/cases/evidence-item.entity.js';
import { EvidenceRendition } from '../../src/evidence/evidence-rendition.entity.js';
import { FileStore } from '../../src/platform/file-store/file-store.js';
import { JobQueue } from '../../src/platform/queue/job-queue.js';
import sharp from 'sharp';

/** Where test runs leave files for people to look at (the README's pictures among them). */
const TEST_OUTPUT = join(process.cwd(), 'test-output');

describe('PDF case files', () => {
  let t: TestApp;
  let ids: DemoIds;
  let listener: Server;
  let hits = 0;
  let port = 0;
  const tok: Record<string, string> = {};
  let caseId = '';
  let reference = '';
  const shots = [png(80, 50), png(60, 40)];
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // a Monday

  beforeAll(async () => {
    listener = createServer((_, res) => {
      hits++;
      res.end('x');
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    port = (listener.address() as { port: number }).port;
    t = await createTestApp({ clock });
    ids = await demoIds(t);
    await signInAll();
    const hostile = [
      'Pupil Jamie Doe was messaged.',
      '{{constructor.constructor("return process")()}}',
      '<script>document.title="pwned"</script>',
      `<img src="http://127.0.0.1:${port}/img">`,
      `<iframe src="file:///etc/passwd"></iframe>`,
      `<link rel="stylesheet" href="http://127.0.0.1:${port}/css">`,
    ].join(' ');
    const filed = await fileReport(
      t,
      tok.staff,
      baseReport(ids.school.OAK, {
        description: hostile,
        subjectName: 'Tom Reed',
        confidentialReporter: true,
      }),
      shots.map((bytes, i) => ({
        name: `s${i}.png`,
        bytes,
        capturedAt: '2026-11-01T19:00:00.000Z',
      })),
    ).expect(201);
    caseId = filed.body.id;
    reference = filed.body.reference;
    const move = (body: Record<string, unknown>) =>
      request(t.http)
        .post(`/api/v1/cases/${caseId}/transitions`)
        .set(bearer(tok.head))
        .send(body)
        .expect(200);
    let c = (await move({ to: 'investigating', version: 1, classification: 'conduct_breach' }))
      .body;
    c = (await move({ to: 'hr_advice', version: c.version, hrQuestion: 'Warning?' })).body;
    await request(t.http)
      .post(`/api/v1/cases/${caseId}/hr-advice`)
      .set(bearer(tok.hr))
      .send({ advice: 'A first written warning is proportionate.' })
      .expect(201);
    await request(t.http)
      .post(`/api/v1/cases/${caseId}/referrals`)
      .set(bearer(tok.head))
      .send({ agency: 'lado', reference: 'LADO-1', referredAt: '2026-11-02T10:00:00.000Z' })
      .expect(201);
    c = (await request(t.http).get(`/api/v1/cases/${caseId}`).set(bearer(tok.head))).body;
    const evidenceId = c.evidence[0].id;
    await request(t.http)
      .get(`/api/v1/evidence/${evidenceId}/content`)
      .set(bearer(tok.hr))
      .expect(200);
    // A warning is decided at a hearing, here heard by the DSL.
    const steps = new CaseSteps(t, clock);
    await steps.callHearing(tok.head, caseId, ids.user('dsl@oak.example'));
    clock.advanceDays(15);
    await signInAll();
    await steps.recordHearing(tok.dsl, caseId);
    await steps.moveOk(tok.dsl, caseId, {
      to: 'outcome',
      finding: 'substantiated',
      sanction: 'first_written_warning',
      rationale: 'Contact with Jamie Doe broke SM-06.',
      governorSummary:
        'A member of staff contacted a pupil online; a first written warning was given.',
    });
  });

  async function signInAll() {
    for (const who of ['staff', 'head', 'dsl', 'chair', 'governor', 'hr']) {
      tok[who] = await t.login(who === 'hr' ? 'hr@council.example' : `${who}@oak.example`);
    }
    tok.headElm = await t.login('head@elm.example');
  }
  afterAll(async () => {
    await t.close();
    await new Promise((r) => listener.close(r));
  });

  it('gives HR the full file: every evidence hash and image, the confidential reporter, custody and page furniture', async () => {
    const res = await binary(
      request(t.http).get(`/api/v1/cases/${caseId}/case-file.pdf?variant=hr`).set(bearer(tok.hr)),
    ).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`${reference}-hr-case-file.pdf`);
    const pdf = res.body as Buffer;
    const text = pdfText(pdf);
    for (const shot of shots) expect(text.replace(/ /g, '')).toContain(sha(shot));
    expect(imageCount(pdf)).toBeGreaterThanOrEqual(2);
    expect(text).toContain('Priya Shah'); // the confidential reporter, for HR
    expect(text).toContain('Tom Reed');
    expect(text).toContain('A first written warning is proportionate.');
    expect(text).toContain('LADO-1');
    // A download says a copy was saved (issue 17, item 6: views are recorded apart).
    expect(text).toMatch(/Downloaded \(a copy was saved\)/);
    expect(text).toContain('Confidential');
    expect(text).toMatch(new RegExp(`Page 1 of \\d+`));
    expect(text).toContain(`Generated`);
    expect(text).toContain('by Rachel Price');
    expect(text).toContain(reference);
  });

  it('lays the HR file out for A4: the timeline wraps by word, never inside one', async () => {
    const filed = await fileReport(
      t,
      tok.staff,
      baseReport(ids.school.OAK, { subjectName: 'Tom Reed' }),
      [{ name: 'a.png', bytes: png(40, 30), capturedAt: '2026-11-01T19:00:00.000Z' }],
    ).expect(201);
    const id = filed.body.id as string;
    await request(t.http)
      .post(`/api/v1/cases/${id}/transitions`)
      .set(bearer(tok.head))
      .send({ to: 'investigating', version: 1, classification: 'conduct_breach' })
      .expect(200);
    // A long note beside the short columns, with a link that has no space to break at: the
    // note must wrap inside its own column rather than squeeze "When" to a letter a line.
    const link = `https://social.example/posts/${'a1b2c3d4'.repeat(12)}`;
    const note = `${'When investigating the posts we read every reply in the thread. '.repeat(8)}${link}`;
    await request(t.http)
      .post(`/api/v1/cases/${id}/notes`)
      .set(bearer(tok.head))
      .send({ body: note })
      .expect(201);
    const res = await binary(
      request(t.http).get(`/api/v1/cases/${id}/case-file.pdf?variant=hr`).set(bearer(tok.head)),
    ).expect(200);
    const pdf = res.body as Buffer;
    expect(poppler('pdfinfo', pdf, [])).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const words = pdfText(pdf).split(' ');
    // Every word of the table and of the note comes out whole: no "Whe n", no "investi gating".
    for (const word of ['When', 'Who', 'What', 'Report', 'received', 'Investigating', 'Note']) {
      expect(words).toContain(word);
    }
    for (const word of ['investigating', 'reply', 'thread.']) {
      expect(words.filter((w) => w === word)).toHaveLength(8);
    }
    const text = words.join(' ');
    expect(text).toMatch(/\d{1,2} \w{3} \d{4}, \d{2}:\d{2} Helen Carter Reported → Investigating/);
    expect(text.split(note.slice(0, note.indexOf(link)).trim())).toHaveLength(2);
    // Only a token too long for the page's width may break, and nothing of it is lost.
    expect(text.replace(/ /g, '')).toContain(link);

    // Nothing was shrunk to fit: Chromium scales a whole document down when anything in it is
    // wider than the page, so the heading "Timeline" (13 pt) must still be printed at 13 pt.
    const bbox = poppler('pdftotext', pdf, ['-bbox']);
    const heading =
      /<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">Timeline<\/word>/.exec(
        bbox,
      );
    expect(heading).not.toBeNull();
    expect(Number(heading![2]) - Number(heading![1])).toBeGreaterThan(12.5);
    // Drawn as pages: no table or link runs into the right margin (16 mm of A4's 210 mm).
    const pages = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', pdf, []))?.[1]);
    const timelinePage =
      [...Array(pages).keys()].find((i) =>
        poppler('pdftotext', pdf, ['-f', String(i + 1), '-l', String(i + 1)]).includes('Timeline'),
      )! + 1;
    mkdirSync(join(TEST_OUTPUT, 'readme'), { recursive: true });
    for (let n = 1; n <= pages; n++) {
      const image = pageImage(
        pdf,
        n,
        50,
        n === timelinePage ? join(TEST_OUTPUT, 'readme', 'hr-file-timeline.png') : undefined,
      );
      expect(image.width / image.height).toBeCloseTo(210 / 297, 2);
      const margin = Math.floor((16 / 210) * image.width);
      expect(rightmostInk(image)).toBeLessThanOrEqual(image.width - margin + 1);
    }
  });

  it('renders hostile text literally and makes no network request', async () => {
    const pdf = (
      await binary(
        request(t.http)
          .get(`/api/v1/cases/${caseId}/case-file.pdf?variant=hr`)
          .set(bearer(tok.head)),
      ).expect(200)
    ).body as Buffer;
    const text = pdfText(pdf);
    expect(text).toContain('{{constructor.constructor("return process")()}}');
    expect(text).toContain('<script>document.title="pwned"</script>');
    expect(text).toContain(`<img src="http://127.0.0.1:${port}/img">`);
    expect(text).toContain('<iframe src="file:///etc/passwd"></iframe>');
    expect(hits).toBe(0);
  });

  it('gives governors the redacted summary: the outcome in words and none of the names, text or images', async () => {
    const pdf = (
      await binary(
        request(t.http)
          .get(`/api/v1/cases/${caseId}/case-file.pdf?variant=governors`)
          .set(bearer(tok.governor)),
      ).expect(200)
    ).body as Buffer;
    const text = pdfText(pdf);
    expect(text).toContain('First written warning');
    expect(text).toContain('Substantiated');
    expect(text).toContain('A member of staff');
    expect(text).toContain('LADO');
    expect(text).toContain('SM-05');
    expect(text).toContain(
      'A member of staff contacted a pupil online; a first written warning was given.',
    );
    expect(text).toContain('Confidential');
    for (const secret of [
      'Tom Reed',
      'Priya',
      'Jamie',
      'LADO-1',
      'script',
      'Warning?',
      'proportionate',
      'SM-06',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(imageCount(pdf)).toBe(0);
  });

  it('records each download by hash; a real PDF verifies, a forged one does not', async () => {
    const pdf = (
      await binary(
        request(t.http)
          .get(`/api/v1/cases/${caseId}/case-file.pdf?variant=governors`)
          .set(bearer(tok.chair)),
      ).expect(200)
    ).body as Buffer;
    const hash = sha(pdf);
    const entry = await t.dataSource
      .getRepository(AuditEntry)
      .find({ where: { action: 'document.downloaded', targetId: caseId } });
    expect(entry.map((e) => JSON.parse(e.detail).sha256)).toContain(hash);
    const genuine = await request(t.http)
      .get(`/api/v1/documents/verify?sha256=${hash}`)
      .set(bearer(tok.head))
      .expect(200);
    expect(genuine.body).toEqual({
      genuine: true,
      caseReference: reference,
      variant: 'governors',
      generatedAt: expect.any(String),
      generatedBy: 'Martin Hughes',
    });
    const forged = Buffer.from(pdf);
    forged[forged.length - 100] ^= 1;
    expect(
      (
        await request(t.http)
          .get(`/api/v1/documents/verify?sha256=${sha(forged)}`)
          .set(bearer(tok.head))
          .expect(200)
      ).body,
    ).toEqual({ genuine: false });
    expect(
      (
        await request(t.http)
          .get(`/api/v1/documents/verify?sha256=${hash}`)
          .set(bearer(tok.headElm))
          .expect(200)
      ).body,
    ).toEqual({ genuine: false });
    await request(t.http)
      .get('/api/v1/documents/verify?sha256=nothex')
      .set(bearer(tok.head))
      .expect(400);
    await request(t.http)
      .get(`/api/v1/documents/verify?sha256=${hash}`)
      .set(bearer(tok.staff))
      .expect(403);
  });

  it('keeps each variant to the people entitled to it', async () => {
    await request(t.http)
      .get(`/api/v1/cases/${caseId}/case-file.pdf?variant=hr`)
      .set(bearer(tok.staff))
      .expect(403);
    await request(t.http)
      .get(`/api/v1/cases/${caseId}/case-file.pdf?variant=hr`)
      .set(bearer(tok.governor))
      .expect(404);
    await request(t.http)
      .get(`/api/v1/cases/${caseId}/case-file.pdf?variant=hr`)
      .set(bearer(tok.headElm))
      .expect(404);
    await request(t.http)
      .get(`/api/v1/cases/${caseId}/case-file.pdf?variant=other`)
      .set(bearer(tok.head))
      .expect(400);
    const open = (await fileReport(t, tok.staff, baseReport(ids.school.OAK)).expect(201)).body;
    const notDecided = await request(t.http)
      .get(`/api/v1/cases/${open.id}/case-file.pdf?variant=governors`)
      .set(bearer(tok.head))
      .expect(409);
    expect(notDecided.body.code).toBe('CASE_NOT_DECIDED');
    await request(t.http)
      .get(`/api/v1/cases/${open.id}/case-file.pdf?variant=governors`)
      .set(bearer(tok.governor))
      .expect(404);
  });

  it('answers a 5xx with a request id when Chromium dies mid-render, and renders again after', async () => {
    // A document with large screenshots takes Chromium long enough that the kill lands mid-render.
    const heavy = (
      await fileReport(
        t,
        tok.staff,
        baseReport(ids.school.OAK),
        [1, 2, 3, 4].map((n) => ({ name: `big${n}.png`, bytes: png(3000 + n, 3000) })),
      ).expect(201)
    ).body.id as string;
    const renderer = t.app.get(PdfRenderer);
    // supertest sends nothing until it is awaited: then() starts the request now.
    const pending = binary(
      request(t.http).get(`/api/v1/cases/${heavy}/case-file.pdf?variant=hr`).set(bearer(tok.head)),
    ).then((res) => res);
    const started = Date.now();
    while (renderer.stats.pid === undefined || renderer.stats.active === 0) {
      if (Date.now() - started > 20_000) throw new Error('the render never started');
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 50)); // into the render, well before its end
    const killed = renderer.stats.pid;
    expect(killed).toBeDefined();
    process.kill(killed!, 'SIGKILL');
    const res = await pending;
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.body).toBeInstanceOf(Buffer);
    const body = JSON.parse((res.body as Buffer).toString('utf8'));
    expect(body).toMatchObject({ statusCode: res.status, requestId: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js:\d+/);
    await binary(
      request(t.http).get(`/api/v1/cases/${caseId}/case-file.pdf?variant=hr`).set(bearer(tok.head)),
    ).expect(200);
    expect(renderer.stats.pid).not.toBe(killed);
    expect(() => process.kill(killed!, 0)).toThrow(); // the killed browser is gone, not a live orphan
  });

  it('finds the case by its text for the owner and HR; governors find no case at all', async () => {
    const search = (who: string, q: string) =>
      request(t.http)
        .get(`/api/v1/cases?q=${encodeURIComponent(q)}`)
        .set(bearer(tok[who]))
        .expect(200);
    for (const q of ['constructor', 'Jamie', 'Tom Reed']) {
      expect((await search('head', q)).body.items.map((c: { id: string }) => c.id)).toContain(
        caseId,
      );
      expect((await search('hr', q)).body.items.map((c: { id: string }) => c.id)).toContain(caseId);
      expect((await search('governor', q)).body.items).toEqual([]);
    }
    // Governors read the summary PDF; the case itself is never theirs to list.
    expect((await search('governor', reference)).body.items).toEqual([]);
  });

  it('prints a phone screenshot from its print rendition, made once by the queue, and names the original', async () => {
    const phone = await phoneScreenshot();
    const filed = await fileReport(t, tok.staff, baseReport(ids.school.OAK), [
      { name: 'pile-on.png', bytes: phone, capturedAt: '2026-11-01T19:00:00.000Z' },
    ]).expect(201);
    const phoneCaseId = filed.body.id as string;
    await t.app.get(JobQueue).drained();

    const [item] = await t.dataSource
      .getRepository(EvidenceItem)
      .find({ where: { caseId: phoneCaseId } });
    const renditions = await t.dataSource.getRepository(EvidenceRendition).find({
      where: { evidenceId: item.id },
    });
    expect(renditions).toEqual([
      expect.objectContaining({
        mimeType: 'image/jpeg',
        width: 546,
        height: 1181,
        originalWidth: 1170,
        originalHeight: 2532,
      }),
    ]);
    const [rendition] = renditions;
    const store = t.app.get(FileStore);
    const stored = await readAll(store, rendition.sha256);
    expect([sha(stored), stored.length]).toEqual([rendition.sha256, rendition.size]);
    expect(await sharp(stored).metadata()).toMatchObject({
      format: 'jpeg',
      width: 546,
      height: 1181,
    });
    // The original is untouched, still under its own hash.
    expect(sha(await readAll(store, sha(phone)))).toBe(sha(phone));

    const hrFile = async () =>
      (
        await binary(
          request(t.http)
            .get(`/api/v1/cases/${phoneCaseId}/case-file.pdf?variant=hr`)
            .set(bearer(tok.head)),
        ).expect(200)
      ).body as Buffer;
    const pdf = await hrFile();
    expect(embeddedSizes(pdf)).toEqual(['546x1181']);
    const text = pdfText(pdf);
    expect(text.replace(/ /g, '')).toContain(sha(phone));
    expect(text).toContain(`${phone.length.toLocaleString('en-GB')} bytes, 1170 × 2532 pixels`);
    expect(text).toContain('Print copy, 546 × 1181 pixels, made from the original');

    // Without a rendition (not made yet, or deleted as derived data) the original is printed.
    await t.dataSource
      .getRepository(EvidenceRendition)
      .delete({ evidenceId: rendition.evidenceId });
    const fallback = await hrFile();
    expect(embeddedSizes(fallback)).toEqual(['1170x2532']);
    expect(pdfText(fallback)).toContain('The original, at full size');
    expect(pdfText(fallback)).toContain('1170 × 2532 pixels');
  });
});

/** A phone-sized screenshot (1170x2532) with rows of text-like strokes, as a real one has. */
async function phoneScreenshot(): Promise<Buffer> {
  const rows: string[] = [];
  for (let y = 160; y < 2500; y += 56) {
    for (let x = 48; x < 1100; x += 90 + ((x * 7 + y) % 60)) {
      rows.push(`<rect x="${x}" y="${y}" width="${60 + ((x + y) % 40)}" height="30" fill="#222"/>`);
    }
  }
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="1170" height="2532">' +
    '<rect width="1170" height="2532" fill="#fff"/><rect y="700" width="1170" height="500" fill="#36c"/>' +
    `${rows.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function readAll(store: FileStore, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of store.openRead(sha256)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Each embedded image's pixel size, from `pdfimages -list` (width and height columns). */
function embeddedSizes(pdf: Buffer): string[] {
  return poppler('pdfimages', pdf, ['-list'])
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const [, , , width, height] = line.trim().split(/\s+/);
      return `${width}x${height}`;
    });
}
