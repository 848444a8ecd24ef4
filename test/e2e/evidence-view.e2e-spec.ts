/**
 * Evidence viewed in the browser (issue 17, item 6): the owner and HR see an image inline in a
 * sandboxed, never-stored response instead of downloading it; a download stays an explicit
 * choice; the chain of custody keeps views and downloads apart and counts one person's views of
 * an item on one line.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { binary } from '../support/binary.js';
import { CaseSteps, type CaseBody } from '../support/case-steps.js';
import { baseReport, demoIds, fileReport } from '../support/demo.js';
import { pdfText } from '../support/pdf-text.js';
import { pdf, png } from '../support/sample-files.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

describe('evidence viewed in the browser', () => {
  let t: TestApp;
  let steps: CaseSteps;
  let c: CaseBody;
  const image = png(24, 16);
  const tok = {} as Record<'staff' | 'head' | 'dsl' | 'hr', string>;
  const view = (who: keyof typeof tok, id: string) =>
    binary(request(t.http).get(`/api/v1/evidence/${id}/view`).set(bearer(tok[who])));

  beforeAll(async () => {
    t = await createTestApp();
    const ids = await demoIds(t);
    steps = new CaseSteps(t);
    for (const who of ['staff', 'head', 'dsl'] as const)
      tok[who] = await t.login(`${who}@oak.example`);
    tok.hr = await t.login('hr@council.example');
    c = (
      await fileReport(t, tok.staff, baseReport(ids.school.OAK), [
        { name: 'post.png', bytes: image },
        { name: 'letter.pdf', bytes: pdf(), contentType: 'application/pdf' },
      ]).expect(201)
    ).body as CaseBody;
  });
  afterAll(() => t.close());

  it('shows an image inline, sandboxed and never stored, to the owner', async () => {
    const res = await view('head', c.evidence[0].id).expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe('inline');
    expect(res.headers['content-security-policy']).toMatch(/(^|;\s*)sandbox(;|$)/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toEqual(image);
    // A download is still an attachment, and says so.
    const download = await binary(
      request(t.http).get(`/api/v1/evidence/${c.evidence[0].id}/content`).set(bearer(tok.head)),
    ).expect(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename=/);
  });

  it('has no inline view of a PDF, and none for anyone who may not open the evidence', async () => {
    await view('head', c.evidence[1].id).expect(404);
    await view('staff', c.evidence[0].id).expect(403); // the reporter: staff may not open files
    await view('dsl', c.evidence[0].id).expect(404); // not this case's owner
    await view('hr', c.evidence[0].id).expect(404); // HR before the case is sent to them
    await view('head', '00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('records views apart from downloads, and counts one person’s views on one line', async () => {
    const item = c.evidence[0].id as string;
    await view('head', item).expect(200);
    await view('head', item).expect(200);
    await steps.triage(tok.head, c.id, 'conduct_breach');
    await steps.hrAdvice(tok.head, tok.hr, c.id);
    await view('hr', item).expect(200);
    const actions = (
      await t.dataSource.getRepository(AuditEntry).find({ where: { targetId: item } })
    ).map((e) => e.action);
    expect(actions.filter((a) => a === 'evidence.viewed')).toHaveLength(4);
    expect(actions.filter((a) => a === 'evidence.downloaded')).toHaveLength(1);

    const file = pdfText(
      (
        await binary(
          request(t.http).get(`/api/v1/cases/${c.id}/case-file.pdf?variant=hr`).set(bearer(tok.hr)),
        ).expect(200)
      ).body as Buffer,
    ).replace(/\s+/g, ' ');
    expect(file).toMatch(/Helen Carter Viewed in the browser 3 times, first .+?, last /);
    expect(file.match(/Downloaded \(a copy was saved\)/g)).toHaveLength(1);
    expect(file).toMatch(/Rachel Price Viewed in the browser(?! \d+ times)/);
    expect(file).not.toContain('Opened (downloaded)');
  });
});
