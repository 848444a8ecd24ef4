/**
 * A confidential reporter answers the owner's question through the pages (issue 21, item 3):
 * the head asks on the case page, the reporter reads it on their own view of the report and
 * replies, and the head sees the answer, with the reporter named only as "the person who
 * reported it" on the thread. axe checks both views.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { FixedClock } from '../../src/common/clock/clock.js';
import { baseReport, demoIds, fileReport } from '../support/demo.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  appUrl,
  AxeLog,
  browserIt,
  button,
  clickAndWait,
  fill,
  formTitled,
  launchBrowser,
  pageText,
  type BrowserHarness,
} from '../support/browser.js';

describe('messages with a confidential reporter, through the pages', () => {
  let t: TestApp;
  let h: BrowserHarness | undefined;
  const axe = new AxeLog();
  const clock = new FixedClock('2026-11-16T10:00:00.000Z');

  beforeAll(async () => {
    t = await createTestApp({ listen: true, clock });
    h = await launchBrowser(appUrl(t));
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);

  it('the head asks, the reporter answers, the head reads the answer', async () => {
    const ids = await demoIds(t);
    const staff = await t.login('staff@oak.example');
    const filed = await fileReport(
      t,
      staff,
      baseReport(ids.school.OAK, { confidentialReporter: true }),
    ).expect(201);
    const caseUrl = `${appUrl(t)}/cases/${filed.body.id as string}`;

    const head = await h!.signIn('head@oak.example');
    await head.goto(caseUrl);
    let form = await formTitled(head, 'Send a message to the person who reported it');
    await fill(form, 'Message', 'When did you first see the post?');
    await clickAndWait(head, await button(form, 'Send the message'));
    expect(await pageText(head)).toContain('Your message was sent.');
    await axe.check(head, 'Case page with a message thread (owner)');

    const reporter = await h!.signIn('staff@oak.example');
    await reporter.goto(`${appUrl(t)}/notifications`);
    expect(await pageText(reporter)).toContain(
      'The school has sent you a message about a report you made',
    );
    await reporter.goto(caseUrl);
    expect(await pageText(reporter)).toMatch(/The school · .*When did you first see the post\?/s);
    form = await formTitled(reporter, 'Send a message to the school');
    await fill(form, 'Message', 'On Sunday evening, about eight o’clock.');
    await clickAndWait(reporter, await button(form, 'Send the message'));
    expect(await pageText(reporter)).toMatch(/You · .*On Sunday evening/s);
    await axe.check(reporter, 'Report page with a message thread (reporter)');

    await head.goto(caseUrl);
    const seen = await pageText(head);
    expect(seen).toMatch(/The person who reported it · .*On Sunday evening/s);
    expect(seen).toMatch(/Helen Carter · .*When did you first see the post\?/s);
    expect(axe.findings).toEqual([]);
  });
});
