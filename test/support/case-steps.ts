import { expect } from '@jest/globals';
import request from 'supertest';
import type { FixedClock } from '../../src/common/clock/clock.js';
import { londonDate } from '../../src/common/clock/london-time.js';
import { bearer, type TestApp } from './test-app.js';

/** A case as the API answers it, loosely typed for tests. */
export type CaseBody = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The steps of a case through the API, as its people take them. Each step checks the answer
 * it expects (200 or 201), so a story reads as the procedure does.
 */
export class CaseSteps {
  constructor(
    private readonly t: TestApp,
    private readonly clock?: FixedClock,
  ) {}

  async get(token: string, id: string): Promise<CaseBody> {
    return (await request(this.t.http).get(`/api/v1/cases/${id}`).set(bearer(token)).expect(200))
      .body as CaseBody;
  }

  /** POST /transitions with the case's current version; returns the response as is. */
  async move(token: string, id: string, body: Record<string, unknown>) {
    const version = (await this.get(token, id)).version as number;
    return request(this.t.http)
      .post(`/api/v1/cases/${id}/transitions`)
      .set(bearer(token))
      .send({ version, ...body });
  }

  async moveOk(token: string, id: string, body: Record<string, unknown>): Promise<CaseBody> {
    const res = await this.move(token, id, body);
    if (res.status !== 200)
      throw new Error(`move ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as CaseBody;
  }

  post(token: string, path: string, body: Record<string, unknown>) {
    return request(this.t.http).post(path).set(bearer(token)).send(body);
  }

  async referral(token: string, id: string, agency: string, reference = 'REF-1') {
    await this.post(token, `/api/v1/cases/${id}/referrals`, {
      agency,
      reference,
      referredAt: this.now().toISOString(),
    }).expect(201);
  }

  async triage(
    token: string,
    id: string,
    classification: string,
    extra: Record<string, unknown> = {},
  ) {
    return this.moveOk(token, id, { to: 'investigating', classification, ...extra });
  }

  /** Owner asks, HR answers, the case waits in hr_advice for the owner's next step. */
  async hrAdvice(owner: string, hr: string, id: string, advice = 'Proceed as planned.') {
    await this.moveOk(owner, id, { to: 'hr_advice', hrQuestion: 'What do you advise?' });
    await this.post(hr, `/api/v1/cases/${id}/hr-advice`, { advice }).expect(201);
  }

  /** Calls a hearing with the school's notice (default 5 working days, so a fortnight on). */
  async callHearing(owner: string, id: string, hearingManagerId: string, daysAhead = 14) {
    const at = new Date(this.now().getTime() + daysAhead * 86_400_000);
    at.setUTCHours(10, 0, 0, 0);
    return this.moveOk(owner, id, {
      to: 'hearing',
      hearingManagerId,
      hearingAt: at.toISOString(),
      hearingPlace: 'Meeting room 2',
      invitationSentAt: londonDate(this.now()),
    });
  }

  /** Whoever heard it records the hearing as held now, with a union representative present. */
  async recordHearing(who: string, id: string, notes = 'The employee answered each allegation.') {
    const version = (await this.get(who, id)).version as number;
    return (
      await this.post(who, `/api/v1/cases/${id}/hearing-record`, {
        heldAt: this.now().toISOString(),
        companion: 'trade_union_representative',
        companionName: 'R. Union',
        notes,
        version,
      }).expect(201)
    ).body as CaseBody;
  }

  async sendOutcomeLetter(owner: string, id: string) {
    return (
      await this.post(owner, `/api/v1/cases/${id}/letters/outcome/sent`, {
        sentAt: londonDate(this.now()),
      }).expect(201)
    ).body as CaseBody;
  }

  async lodgeAppeal(owner: string, id: string, grounds = 'The sanction is too harsh.') {
    return this.moveOk(owner, id, {
      to: 'appeal',
      appealLodgedAt: londonDate(this.now()),
      appealGrounds: grounds,
    });
  }

  async appointPanel(appointer: string, id: string, memberIds: string[]) {
    const version = (await this.get(appointer, id)).version as number;
    return (
      await this.post(appointer, `/api/v1/cases/${id}/panel`, { memberIds, version }).expect(200)
    ).body as CaseBody;
  }

  advanceDays(days: number): void {
    if (!this.clock) throw new Error('this story needs a FixedClock to move time on');
    this.clock.advanceDays(days);
  }

  now(): Date {
    return this.clock ? this.clock.now() : new Date();
  }
}

export function expectCode(res: { status: number; body: CaseBody }, status: number, code: string) {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
}
