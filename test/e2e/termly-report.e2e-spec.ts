/**
 * The termly governors' report (issue 21, item 4): the term's figures for one school as a PDF
 * with server-drawn charts and as CSV, every count below 3 suppressed, no names, and each PDF
 * verifiable by its hash like the case files.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock/clock.js';
import { CaseSteps, type CaseBody } from '../support/case-steps.js';
import { baseReport, demoIds, DemoIds, fileReport } from '../support/demo.js';
import { pdfText } from '../support/pdf-text.js';
import { binary } from '../support/binary.js';
import { bearer, createTestApp, TestApp } from '../support/test-app.js';

const PEOPLE = ['staff', 'head', 'chair', 'governor', 'dsl'] as const;
type Who = (typeof PEOPLE)[number] | 'headElm';

// Distinctive words that must never reach the board's figures.
const SUBJECT = 'Quillon Varnavides';
const DESCRIPTION_WORD = 'zephyrine';

describe("the termly governors' report", () => {
  let t: TestApp;
  let ids: DemoIds;
  let steps: CaseSteps;
  const tok = {} as Record<Who, string>;
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // autumn term 2026
  const path = (kind: 'pdf' | 'csv', query = '') =>
    `/api/v1/schools/${ids.school.OAK}/termly-report.${kind}${query}`;
  const download = (who: Who, url: string) =>
    binary(request(t.http).get(url).set(bearer(tok[who])));
  const file = async (over: Record<string, string | boolean | string[]>) =>
    (await fileReport(t, tok.staff, baseReport(ids.school.OAK, over)).expect(201)).body as CaseBody;

  /** A parent's abuse, decided with actions and closed. */
  async function parentCaseDecided() {
    const c = await file({
      type: 'online_abuse',
      clauseCodes: [],
      subjectRelationship: 'parent',
      subjectName: SUBJECT,
      description: `A parent posted a ${DESCRIPTION_WORD} insult about a teacher on Facebook.`,
    });
    await steps.triage(tok.head, c.id, 'online_abuse');
    await steps
      .post(tok.head, `/api/v1/cases/${c.id}/support`, { detail: 'Time with the wellbeing lead.' })
      .expect(201);
    await steps
      .post(tok.head, `/api/v1/cases/${c.id}/actions`, { action: 'meeting', detail: 'Met them.' })
      .expect(201);
    await steps.moveOk(tok.head, c.id, {
      to: 'outcome',
      rationale: 'The parent apologised and removed the post.',
      governorSummary: 'A parent posted abuse about a teacher; the school met the parent.',
    });
    await steps.moveOk(tok.head, c.id, { to: 'closed' });
    return c;
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids = await demoIds(t);
    steps = new CaseSteps(t, clock);
    for (const who of PEOPLE) tok[who] = await t.login(`${who}@oak.example`);
    tok.headElm = await t.login('head@elm.example');
    for (let i = 0; i < 3; i++) await parentCaseDecided();
    // One staff case, reported and referred once: both counts must be suppressed.
    const staffCase = await file({ subjectName: SUBJECT });
    await steps.triage(tok.head, staffCase.id, 'conduct_breach');
    await steps.referral(tok.head, staffCase.id, 'lado');
  }, 120_000);
  afterAll(() => t.close());

  it('prints the figures with charts, suppresses counts below 3, and names no one', async () => {
    const res = await download('chair', path('pdf')).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="OAK-autumn-2026-termly-report.pdf"',
    );
    const text = pdfText(res.body as Buffer);
    expect(text).toContain("Termly governors' report");
    expect(text).toContain('Autumn term 2026');
    expect(text).toMatch(/Cases reported 4 Cases decided or closed 3/);
    // Each item twice: the chart's label (the bar's value beside it), then the table's row.
    expect(text.match(/Online abuse by a parent or someone outside the school 3/g)).toHaveLength(2);
    expect(text.match(/Actions taken/g)).toHaveLength(2);
    expect(text).toMatch(/Actions taken 3/);
    expect(text).toMatch(/Staff discipline \(ACAS Code\) fewer than 3/);
    expect(text).toMatch(/Referral: LADO \(local authority designated officer\) fewer than 3/);
    expect(text).toMatch(/Decided with every deadline met 3/);
    // Three cases decided the moment they were reported (a fixed clock): shown, at zero days.
    expect(text).toMatch(/Reported 0\.0 days/);
    expect(text).toMatch(/Investigating 0\.0 days/);
    expect(text).not.toContain('not shown (fewer than 3 cases)');
    for (const secret of [SUBJECT, 'Quillon', DESCRIPTION_WORD, 'Priya', 'OAK-2026-'])
      expect(text).not.toContain(secret);
  });

  it('is verifiable by its hash for the school’s own board, and by no one else', async () => {
    const res = await download('governor', path('pdf', '?term=autumn-2026')).expect(200);
    const sha256 = createHash('sha256')
      .update(res.body as Buffer)
      .digest('hex');
    const verdict = await request(t.http)
      .get(`/api/v1/documents/verify?sha256=${sha256}`)
      .set(bearer(tok.chair))
      .expect(200);
    expect(verdict.body).toMatchObject({
      genuine: true,
      variant: 'termly_report',
      term: 'autumn-2026',
      schoolCode: 'OAK',
      generatedBy: expect.any(String),
    });
    const elsewhere = await request(t.http)
      .get(`/api/v1/documents/verify?sha256=${sha256}`)
      .set(bearer(tok.headElm))
      .expect(200);
    expect(elsewhere.body).toEqual({ genuine: false });
  });

  it('gives the same figures as CSV, every cell quoted and small counts suppressed', async () => {
    const res = await download('governor', path('csv')).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const csv = (res.body as Buffer).toString('utf8');
    expect(csv.startsWith('\ufeff"school","term","section","item","value"\r\n')).toBe(true);
    expect(csv).toContain(
      '"OAK","Autumn term 2026","Cases decided, by outcome","Actions taken","3"\r\n',
    );
    expect(csv).toContain(
      '"OAK","Autumn term 2026","Cases reported, by procedure","Staff discipline (ACAS Code)","fewer than 3"\r\n',
    );
    for (const line of csv.trim().split('\r\n'))
      expect(line).toMatch(/^\ufeff?("([^"]|"")*",){4}"([^"]|"")*"$/);
    expect(csv).not.toContain(SUBJECT);
  });

  it('reports an earlier term as empty rather than failing', async () => {
    const res = await download('chair', path('pdf', '?term=summer-2026')).expect(200);
    const text = pdfText(res.body as Buffer);
    expect(text).toContain('Summer term 2026');
    expect(text).toContain('None this term.');
  });

  it('refuses a term that is not one, and another school’s head, in the contract’s shape', async () => {
    const bad = await download('chair', path('pdf', '?term=winter-2026')).expect(400);
    expect(JSON.parse((bad.body as Buffer).toString())).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: ['term must look like autumn-2026, spring-2027 or summer-2027'],
    });
    const other = await download('headElm', path('csv')).expect(404);
    expect(JSON.parse((other.body as Buffer).toString())).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('links this term’s and last term’s reports from the governors’ page', async () => {
    const page = await request(t.http).get('/governors').set(bearer(tok.governor)).expect(200);
    // Handlebars writes "=" in an attribute as "&#x3D;", which the browser reads back as "=".
    const html = page.text.replaceAll('&#x3D;', '=');
    expect(html).toContain(`termly-report.pdf?term=autumn-2026`);
    expect(html).toContain(`termly-report.csv?term=summer-2026`);
  });
});
