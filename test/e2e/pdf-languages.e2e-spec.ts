/**
 * Welsh and English PDFs (issue 18, item 4): a case file is in the language of the person who
 * asks for it, so a Welsh-speaking head and an English-speaking HR adviser each get the same
 * case in their own words, its headings, its status and its dates.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock/clock.js';
import { CaseSteps, type CaseBody } from '../support/case-steps.js';
import { baseReport, demoIds, type DemoIds, fileReport } from '../support/demo.js';
import { binary } from '../support/binary.js';
import { pdfText } from '../support/pdf-text.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

describe('case files in Welsh and English', () => {
  let t: TestApp;
  let ids: DemoIds;
  let steps: CaseSteps;
  const tok: Record<string, string> = {};
  const clock = new FixedClock('2026-11-16T10:00:00.000Z'); // a Monday

  const signInAll = async () => {
    for (const who of ['staff', 'head', 'dsl', 'chair'])
      tok[who] = await t.login(`${who}@oak.example`);
    tok.hr = await t.login('hr@council.example');
  };
  const pdf = async (token: string, path: string) =>
    pdfText(
      (await binary(request(t.http).get(path).set(bearer(token))).expect(200)).body as Buffer,
    );
  const speaks = (token: string, language: 'cy' | 'en') =>
    request(t.http)
      .put('/api/v1/auth/me/language')
      .set(bearer(token))
      .send({ language })
      .expect(200);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids = await demoIds(t);
    steps = new CaseSteps(t, clock);
    await signInAll();
  });
  afterAll(() => t?.close());

  it('gives a Welsh head the HR file and the governors’ summary in Welsh, and HR and the chair theirs in English', async () => {
    const filed = (
      await fileReport(
        t,
        tok.staff,
        baseReport(ids.school.OAK, {
          subjectName: 'Sam Taylor',
          subjectUserId: ids.user('staff2@oak.example'),
          description: 'A member of staff posted rude comments about the school.',
        }),
      ).expect(201)
    ).body as CaseBody;
    const id = filed.id as string;
    await steps.triage(tok.head, id, 'conduct_breach');
    await steps.hrAdvice(tok.head, tok.hr, id, 'A hearing is proportionate.');
    await steps.callHearing(tok.head, id, ids.user('dsl@oak.example'));
    clock.advanceDays(15);
    await signInAll();
    await steps.recordHearing(tok.dsl, id);
    await steps.moveOk(tok.dsl, id, {
      to: 'outcome',
      finding: 'substantiated',
      sanction: 'final_written_warning',
      rationale: 'The post named the school and breached SM-05.',
      governorSummary:
        'A member of staff posted about the school; a final written warning was given.',
    });

    await speaks(tok.head, 'cy');
    const hrFile = `/api/v1/cases/${id}/case-file.pdf?variant=hr`;
    const summary = `/api/v1/cases/${id}/case-file.pdf?variant=governors`;

    const welsh = await pdf(tok.head, hrFile);
    expect(welsh).toContain(`Ffeil achos ${filed.reference as string}`);
    for (const heading of [
      'Adroddiad',
      'Pobl',
      'Gwrandawiad disgyblu',
      'Canlyniad',
      'Llinell amser',
      'Cadwyn gadwraeth',
    ])
      expect(welsh).toContain(heading);
    expect(welsh).toContain('Cyngor HR');
    expect(welsh).toContain('Pryder diogelu Nac oes');
    // Its status, and the outcome's words, from the Welsh case vocabulary.
    expect(welsh).toContain('ffeil achos HR lawn · Canlyniad');
    expect(welsh).toContain('Rhybudd ysgrifenedig terfynol');
    expect(welsh).toContain('Tudalen 1 o');
    // A Welsh month in its dates (the case was reported in November: Tachwedd).
    expect(welsh).toMatch(/\d{1,2} Tach(wedd)? 2026/);
    expect(welsh).not.toContain('Chain of custody');
    expect(welsh).not.toContain('Timeline');

    const english = await pdf(tok.hr, hrFile);
    expect(english).toContain(`Case file ${filed.reference as string}`);
    for (const heading of [
      'People',
      'Disciplinary hearing',
      'Outcome',
      'Timeline',
      'Chain of custody',
    ])
      expect(english).toContain(heading);
    expect(english).toMatch(/\d{1,2} Nov 2026/);
    expect(english).toContain('Page 1 of');
    expect(english).toContain('full HR case file · Outcome');
    expect(english).toContain('Final written warning');
    expect(english).not.toContain('Llinell amser');

    const welshSummary = await pdf(tok.head, summary);
    expect(welshSummary).toContain(`Crynodeb y llywodraethwyr ${filed.reference as string}`);
    for (const heading of ['Yr achos', 'Cymalau’r polisi'.replace('’', "'"), 'Amser ym mhob cam'])
      expect(welshSummary).toContain(heading);
    expect(welshSummary).toMatch(/\d{1,2} Tach(wedd)? 2026/);
    expect(welshSummary).not.toContain('Time in each stage');

    const englishSummary = await pdf(tok.chair, summary);
    expect(englishSummary).toContain(`Governors' summary ${filed.reference as string}`);
    expect(englishSummary).toContain('Time in each stage');
    expect(englishSummary).not.toContain('Amser ym mhob cam');

    // A letter is in its recipient's language, whoever prints it: the employee reads Welsh.
    const letter = `/api/v1/cases/${id}/outcome-letter.pdf`;
    const employee = await t.login('staff2@oak.example');
    await speaks(employee, 'cy');
    const welshLetter = await pdf(tok.hr, letter);
    expect(welshLetter).toContain('Annwyl Sam Taylor,');
    expect(welshLetter).toContain('Canlyniad y gwrandawiad disgyblu');
    expect(welshLetter).toContain('Eich hawl i apelio');
    expect(welshLetter).toContain('Yn gywir,');
    expect(welshLetter).not.toContain('Yours sincerely');
    const invitation = await pdf(tok.hr, `/api/v1/cases/${id}/invitation-letter.pdf`);
    expect(invitation).toContain('Gwahoddiad i wrandawiad disgyblu');
    expect(invitation).toContain('torrodd eich ymddygiad bolisi cyfryngau cymdeithasol yr ysgol');
    expect(invitation).toContain('Eich hawliau');
    expect(invitation).not.toContain('Your rights');
    await speaks(employee, 'en');
    const englishLetter = await pdf(tok.head, letter);
    expect(englishLetter).toContain('Dear Sam Taylor,');
    expect(englishLetter).toContain('Outcome of the disciplinary hearing');
    expect(englishLetter).not.toContain('Yn gywir');
  });

  it('drafts a subject access export in the language of the Welsh head who drafts it', async () => {
    // The case of the first test names staff2 (Sam Taylor's account) as its subject.
    const admin = await t.login('admin@oak.example');
    const sar = (
      await request(t.http)
        .post('/api/v1/subject-access-requests')
        .set(bearer(admin))
        .send({
          schoolId: ids.school.OAK,
          requesterName: 'A solicitor for the person',
          receivedOn: '2026-11-16',
          personUserId: ids.user('staff2@oak.example'),
        })
        .expect(201)
    ).body as CaseBody;
    await speaks(tok.head, 'cy');
    await request(t.http)
      .post(`/api/v1/subject-access-requests/${sar.id as string}/export`)
      .set(bearer(tok.head))
      .expect(201);
    const welsh = await pdf(
      tok.head,
      `/api/v1/subject-access-requests/${sar.id as string}/export.pdf`,
    );
    expect(welsh).toContain('Allforiad cais gwrthrych am wybodaeth');
    expect(welsh).toContain('Eich rhan ynddo unigolyn dan sylw');
    expect(welsh).toContain("[wedi'i olygu: y sawl a'i hadroddodd]");
    expect(welsh).toContain('Adroddiad wedi dod i law');
    expect(welsh).toMatch(/\d{1,2} Tach 2026/);
    expect(welsh).not.toContain('Your part in it');
  });

  it('gives the termly report in Welsh to a Welsh head, in English to the chair', async () => {
    const report = `/api/v1/schools/${ids.school.OAK}/termly-report.pdf`;
    await speaks(tok.head, 'cy');
    const welsh = await pdf(tok.head, report);
    expect(welsh).toContain("Adroddiad tymhorol i'r llywodraethwyr");
    expect(welsh).toContain('Tymor yr hydref 2026');
    expect(welsh).toContain('Y tymor hwn');
    expect(welsh).toMatch(/1 Medi 2026 i 31 Rhag 2026/);
    expect(welsh).not.toContain('This term');
    // The rows name each procedure in the reader's words too (labels.json).
    expect(welsh).toContain('Disgyblu staff (Cod ACAS)');
    expect(welsh).not.toContain('Staff discipline');
    const english = await pdf(tok.chair, report);
    expect(english).toContain('Staff discipline (ACAS Code)');
    expect(english).toContain("Termly governors' report");
    expect(english).toContain('Autumn term 2026');
    expect(english).toMatch(/1 Sep 2026 to 31 Dec 2026/);
    expect(english).not.toContain('Y tymor hwn');
  });
});
