/**
 * What keeps people safe on the pages: forms that only our own pages can submit, a head who
 * never sees a case about themself, a form that keeps what was typed when it is sent back, a
 * sign-in page that works from the keyboard, and pages axe finds no serious problem with.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import type { Page } from 'puppeteer-core';
import { baseReport, demoIds, fileReport } from '../support/demo.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  appUrl,
  browserIt,
  button,
  choose,
  clickAndWait,
  control,
  fill,
  formTitled,
  heading,
  launchBrowser,
  londonLocal,
  pageText,
  seriousAxeViolations,
  setDateTime,
  tick,
  valueOf,
  type AxeViolation,
  type BrowserHarness,
} from '../support/browser.js';

const CSRF_WORDS =
  'This form has expired or did not come from this site. Go back, reload the page and try again.';
const NOT_FOUND_WORDS = 'There is nothing here, or it is not yours to see.';

describe('safety on the pages', () => {
  let t: TestApp;
  let h: BrowserHarness | undefined;
  let caseId = '';
  let caseRef = '';
  const people = new Map<string, Page>();
  const yesterday = `${londonLocal(new Date(Date.now() - 86_400_000)).slice(0, 10)}T08:15`;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    h = await launchBrowser(appUrl(t));
    // A case waiting for triage, filed over the API: how it got there is not under test here.
    const ids = await demoIds(t);
    const staff = await t.login('staff@oak.example');
    const created = await fileReport(
      t,
      staff,
      baseReport(ids.school.OAK, { subjectName: 'Sam Field' }),
    );
    expect(created.status).toBe(201);
    caseId = (created.body as { id: string }).id;
    caseRef = (created.body as { reference: string }).reference;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await t?.close();
  });

  const it = (name: string, fn: () => Promise<void>, timeout?: number) =>
    browserIt(() => h, name, fn, timeout);

  /** One signed-in page per person, kept for the whole file. */
  const as = async (email: string): Promise<Page> => {
    const known = people.get(email);
    if (known) return known;
    const page = await h!.signIn(email);
    people.set(email, page);
    return page;
  };

  const lead = async (page: Page) =>
    (await page.$eval('p.lead', (el) => String(el.textContent))).replace(/\s+/g, ' ').trim();

  /** Fills every field of the report form a person must fill, with these words. */
  const fillReport = async (
    page: Page,
    values: { subject: string; description: string; aboutHead?: 'Yes' | 'No' },
  ) => {
    await tick(page, 'Someone connected with the school broke the social-media policy');
    await tick(page, 'SM-05');
    await fill(page, 'What happened?', values.description);
    await setDateTime(page, 'When was it posted or done?', yesterday);
    await tick(page, values.aboutHead ?? 'No');
    await fill(page, 'Or type their name (optional)', values.subject);
    await choose(page, 'How are they connected to the school?', 'A member of staff');
    await choose(page, 'Where was it?', 'Facebook');
  };

  const submitShortReport = async (page: Page) => {
    await page.goto(h!.url('/reports/new'));
    await fillReport(page, { subject: 'Jordan Blake', description: 'Too short' });
    return clickAndWait(page, await button(page, 'Send the report'));
  };

  describe('forged requests', () => {
    it('a transition form with a tampered token is refused in plain words and the case stays put', async () => {
      const head = await as('head@oak.example');
      await head.goto(h!.url(`/cases/${caseId}`));
      expect(await lead(head)).toContain('Reported');

      const triage = await formTitled(head, 'Triage and start investigating');
      await choose(triage, 'Classification', 'Conduct breach');
      const token = await triage.$('input[name="_csrf"]');
      await token!.evaluate((el) => {
        el.value = `${String(el.value).slice(0, -4)}AAAA`;
      });
      const response = await clickAndWait(head, await button(triage, 'Start investigating'));

      expect(response?.status()).toBe(403);
      expect(await heading(head)).toBe('You cannot do this');
      expect(await lead(head)).toBe(CSRF_WORDS);

      await head.goto(h!.url(`/cases/${caseId}`));
      expect(await lead(head)).toContain('Reported');
      expect(await pageText(head)).not.toContain('Reported → Investigating');
    });

    it('a cross-site style POST without a token is refused with 403 and adds no note', async () => {
      const head = await as('head@oak.example');
      await head.goto(h!.url(`/cases/${caseId}`));
      const status = await head.$eval(
        'body',
        async (el, path) => {
          const win = el.ownerDocument.defaultView;
          const response = await win.fetch(path, {
            method: 'POST',
            credentials: 'include',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: 'body=A+note+planted+by+another+site',
          });
          return Number(response.status);
        },
        `/cases/${caseId}/notes`,
      );
      expect(status).toBe(403);

      await head.reload();
      expect(await pageText(head)).not.toContain('A note planted by another site');
    });
  });

  describe('a report about the head', () => {
    let helenCaseId = '';
    let helenRef = '';

    it('goes to the chair: the head neither lists nor opens it', async () => {
      const staff = await as('staff@oak.example');
      await staff.goto(h!.url('/reports/new'));
      await fillReport(staff, {
        subject: 'Helen Carter',
        description: 'The headteacher shared a pupil photo from sports day on her public page.',
        aboutHead: 'Yes',
      });
      await clickAndWait(staff, await button(staff, 'Send the report'));
      expect(await heading(staff)).toBe('Your report has been received');
      helenRef = (await staff.$eval('.ref', (el) => String(el.textContent))).trim();
      helenCaseId = new URL(staff.url()).pathname.split('/')[2];
      expect(helenRef).toMatch(/^OAK-\d{4}-\d{4}$/);

      const head = await as('head@oak.example');
      await head.goto(h!.url('/cases'));
      const inbox = await pageText(head);
      expect(inbox).toContain(caseRef); // the inbox works; it just leaves this one out
      expect(inbox).not.toContain(helenRef);

      const response = await head.goto(h!.url(`/cases/${helenCaseId}`));
      expect(response?.status()).toBe(404);
      expect(await heading(head)).toBe('Page not found');
      expect(await lead(head)).toBe(NOT_FOUND_WORDS);
      expect(await pageText(head)).not.toContain('Helen Carter (staff)');

      const chair = await as('chair@oak.example');
      expect(await heading(chair)).toBe('Cases');
      expect(await pageText(chair)).toContain(helenRef);
    });
  });

  describe('a report sent back with errors', () => {
    it('keeps what was typed and puts the error by the description, with a summary linking to it', async () => {
      const staff = await as('staff@oak.example');
      const response = await submitShortReport(staff);
      expect(response?.status()).toBe(400);
      expect(await heading(staff)).toBe('Report a concern');

      expect(await valueOf(staff, 'Or type their name (optional)')).toBe('Jordan Blake');
      expect(await valueOf(staff, 'What happened?')).toBe('Too short');
      expect(await valueOf(staff, 'When was it posted or done?')).toBe(yesterday);
      expect(await valueOf(staff, 'How are they connected to the school?')).toBe('staff');
      expect(await valueOf(staff, 'Where was it?')).toBe('facebook');
      const sm05 = await staff.$eval('body', (el) =>
        Boolean(el.querySelector('input[name="clauseCodes"][value="SM-05"]')?.checked),
      );
      expect(sm05).toBe(true);

      // The message sits in the description's own field block, just above the box.
      const description = await control(staff, 'What happened?');
      const fieldError = await description.evaluate((el) => {
        const block = el.closest('.field');
        return {
          marked: Boolean(block?.classList.contains('has-error')),
          text: String(block?.querySelector('.error-text')?.textContent ?? '')
            .replace(/\s+/g, ' ')
            .trim(),
        };
      });
      expect(fieldError.marked).toBe(true);
      // Named by the question the reporter sees, not by the field name the API uses.
      expect(fieldError.text).toMatch(/^Error: “What happened\?” .*10/);

      const summary = await staff.$eval('body', (el) => {
        const box = el.querySelector('.error-summary');
        return {
          role: box?.getAttribute('role') ?? null,
          heading: String(box?.querySelector('h2')?.textContent ?? ''),
          links: [...(box?.querySelectorAll('a') ?? [])].map((a) => ({
            href: String(a.getAttribute('href')),
            text: String(a.textContent).trim(),
          })),
        };
      });
      expect(summary.role).toBe('alert');
      expect(summary.heading).toBe('There is a problem');
      expect(summary.links).toEqual([
        { href: '#description', text: fieldError.text.replace(/^Error: /, '') },
      ]);
      expect(await staff.$('#description')).not.toBeNull();
    });

    it('ties the error to the description box, so a screen reader reads it out', async () => {
      const staff = await as('staff@oak.example');
      await submitShortReport(staff);
      const describedBy = await (
        await control(staff, 'What happened?')
      ).evaluate((el) => String(el.getAttribute('aria-describedby') ?? '').split(/\s+/));
      expect(describedBy).toContain('description-error');
    });
  });

  describe('keyboard', () => {
    it('Tab reaches email, password and Sign in in that order, each with a visible outline', async () => {
      const page = await h!.newPage();
      await page.goto(h!.url('/login'));
      const visited: { what: string; outline: string }[] = [];
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press('Tab');
        visited.push(
          await page.$eval('body', (el) => {
            const active = el.ownerDocument.activeElement;
            const style = el.ownerDocument.defaultView.getComputedStyle(active);
            const what =
              active.tagName === 'INPUT'
                ? `input#${active.id}`
                : `${String(active.tagName).toLowerCase()}:${String(active.textContent).trim()}`;
            return { what, outline: String(style.outlineStyle) };
          }),
        );
      }
      const order = visited.map((v) => v.what);
      const email = order.indexOf('input#email');
      expect(email).toBeGreaterThanOrEqual(0);
      expect(order.slice(email, email + 3)).toEqual([
        'input#email',
        'input#password',
        'button:Sign in',
      ]);
      for (const stop of visited.slice(email, email + 3)) {
        expect(stop.outline).not.toBe('none');
      }
    });
  });

  describe('accessibility (axe, serious and critical)', () => {
    const describeAll = (where: string, found: AxeViolation[]) =>
      found.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(' | ')}`);

    it('the sign-in page, the report form with errors, the admin page and the 404 page', async () => {
      const findings: string[] = [];

      const visitor = await h!.newPage();
      await visitor.goto(h!.url('/login'));
      findings.push(...describeAll('sign-in', await seriousAxeViolations(visitor)));

      const staff = await as('staff@oak.example');
      expect((await submitShortReport(staff))?.status()).toBe(400);
      findings.push(...describeAll('report form with errors', await seriousAxeViolations(staff)));

      const admin = await as('admin@oak.example');
      expect(await heading(admin)).toBe('Admin');
      findings.push(...describeAll('admin', await seriousAxeViolations(admin)));

      const head = await as('head@oak.example');
      const missing = await head.goto(h!.url('/cases/00000000-0000-4000-8000-000000000000'));
      expect(missing?.status()).toBe(404);
      expect(await heading(head)).toBe('Page not found');
      findings.push(...describeAll('404', await seriousAxeViolations(head)));

      expect(findings).toEqual([]);
      expect(h!.foreignRequests).toEqual([]);
    });
  });
});
