import { describe, expect, it } from '@jest/globals';
import { FixedClock } from '../../common/clock/clock.js';
import { DEFAULT_RETENTION_SCHEDULE } from './case-workflow.types.js';
import { addYears, dueForDeletion, retentionAtClosing, type RetentionFacts } from './retention.js';

const REPORTED = new Date('2026-01-05T09:00:00.000Z');

describe('retentionAtClosing (DOMAIN.md §8)', () => {
  const clock = new FixedClock('2026-03-02T10:00:00.000Z');
  const facts = (over: Partial<RetentionFacts>): RetentionFacts => ({
    classification: 'harm_threshold',
    finding: 'substantiated',
    reportedAt: REPORTED,
    closedAt: clock.now(),
    ...over,
  });

  it.each(['false', 'malicious'] as const)(
    'removes a %s allegation at closing unless the subject consents to keep it',
    (finding) => {
      const removed = retentionAtClosing(facts({ finding }), DEFAULT_RETENTION_SCHEDULE);
      expect(removed).toEqual({
        rule: 'allegation_false_or_malicious',
        retainUntil: clock.now(),
      });
      const kept = retentionAtClosing(
        facts({ finding, subjectConsentsToKeep: true, subjectPensionDate: '2030-01-01' }),
        DEFAULT_RETENTION_SCHEDULE,
      );
      expect(kept.rule).toBe('allegation_pension_age_or_ten_years');
    },
  );

  it('keeps a substantiated allegation until the later of pension age and ten years from the report', () => {
    const early = retentionAtClosing(
      facts({ subjectPensionDate: '2030-06-30' }),
      DEFAULT_RETENTION_SCHEDULE,
    );
    expect(early.rule).toBe('allegation_pension_age_or_ten_years');
    expect(early.retainUntil?.toISOString()).toBe('2036-01-05T23:59:59.999Z');
    const late = retentionAtClosing(
      facts({ subjectPensionDate: '2051-07-14' }),
      DEFAULT_RETENTION_SCHEDULE,
    );
    // 14 July is in British Summer Time: the day ends at 22:59:59.999Z.
    expect(late.retainUntil?.toISOString()).toBe('2051-07-14T22:59:59.999Z');
  });

  it('never dates the deletion of an allegation whose pension age nobody recorded', () => {
    expect(retentionAtClosing(facts({ finding: 'unfounded' }), DEFAULT_RETENTION_SCHEDULE)).toEqual(
      { rule: 'allegation_pension_age_not_recorded', retainUntil: null },
    );
  });

  it('keeps a low-level concern while the adult works at the school', () => {
    expect(
      retentionAtClosing(
        facts({ classification: 'low_level_concern', finding: null }),
        DEFAULT_RETENTION_SCHEDULE,
      ),
    ).toEqual({ rule: 'low_level_concern_while_employed', retainUntil: null });
  });

  it("reads the school's schedule for the other kinds, counted from closing", () => {
    const schedule = {
      retentionConductYears: 6,
      retentionOnlineAbuseYears: 3,
      retentionPupilBehaviourYears: 2,
    };
    const at = (classification: RetentionFacts['classification']) =>
      retentionAtClosing(facts({ classification, finding: null }), schedule);
    expect(at('conduct_breach')).toEqual({
      rule: 'school_schedule_conduct',
      retainUntil: new Date('2032-03-02T23:59:59.999Z'),
    });
    expect(at('online_abuse').retainUntil?.toISOString()).toBe('2029-03-02T23:59:59.999Z');
    expect(at('pupil_behaviour').rule).toBe('school_schedule_pupil_behaviour');
  });
});

describe('dueForDeletion', () => {
  it('is due once the clock passes the date, and never while a hold stands', () => {
    const clock = new FixedClock('2026-03-02T10:00:00.000Z');
    const until = addYears(clock.now(), 6);
    expect(dueForDeletion(until, 0, clock.now())).toBe(false);
    clock.advanceDays(366 * 7); // a clock set forward by years
    expect(dueForDeletion(until, 0, clock.now())).toBe(true);
    expect(dueForDeletion(until, 1, clock.now())).toBe(false);
    expect(dueForDeletion(null, 0, clock.now())).toBe(false);
  });

  it('turns 29 February into 28 February in a year without one', () => {
    expect(addYears(new Date('2028-02-29T12:00:00.000Z'), 1).toISOString()).toBe(
      '2029-02-28T23:59:59.999Z',
    );
  });
});
