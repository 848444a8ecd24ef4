/**
 * The case vocabulary is looked up by code (`labels.status.<code>`), which the catalogue test
 * cannot see: this one checks every code of every vocabulary has a word in every language, and
 * that Welsh readers get Welsh words, Wales's procedure words included.
 */
import { describe, expect, it } from '@jest/globals';
import { LANGUAGES } from '../common/language.js';
import { formatLondon } from '../platform/templates/template-renderer.js';
import { caseWordsIn, describeEvent, type CaseVocabulary } from './case-labels.js';
import {
  ABOUT_HEADTEACHER_ANSWERS,
  PLATFORMS,
  REFERRAL_AGENCIES,
  REPORT_TYPES,
} from './case.constants.js';
import { CASE_EVENT_KINDS } from './case-event.entity.js';
import {
  APPEAL_RESULTS,
  CASE_ACTIONS,
  CASE_STATUSES,
  CLASSIFICATIONS,
  CLOCK_KINDS,
  FINDINGS,
  HOLD_AGENCIES,
  LLC_RESPONSES,
  NATIONS,
  OWNER_ROLES,
  REFERRAL_DECISIONS,
  RETENTION_RULES,
  SANCTIONS,
  SUBJECT_RELATIONSHIPS,
  TRACKS,
  clockWithin,
  findingLabel,
  ownerRoleLabel,
  regulatorLabel,
} from './workflow/index.js';

const CODES: { [K in keyof CaseVocabulary]?: readonly string[] } = {
  status: CASE_STATUSES,
  classification: CLASSIFICATIONS,
  track: TRACKS,
  finding: FINDINGS,
  sanction: SANCTIONS,
  response: LLC_RESPONSES,
  action: CASE_ACTIONS,
  appealResult: APPEAL_RESULTS,
  holdAgency: HOLD_AGENCIES,
  referralDecision: REFERRAL_DECISIONS,
  clock: CLOCK_KINDS,
  ownerRole: OWNER_ROLES,
  regulator: NATIONS,
  retentionRule: RETENTION_RULES,
  reportType: REPORT_TYPES,
  platform: PLATFORMS,
  agency: REFERRAL_AGENCIES,
  relationship: SUBJECT_RELATIONSHIPS,
  aboutHeadteacher: ABOUT_HEADTEACHER_ANSWERS,
  subjectWithoutName: SUBJECT_RELATIONSHIPS,
  event: CASE_EVENT_KINDS,
};

describe('the case vocabulary', () => {
  for (const lang of LANGUAGES)
    it(`names every code in ${lang}`, () => {
      const named = caseWordsIn(lang) as unknown as Record<string, Record<string, unknown>>;
      const missing = Object.entries(CODES).flatMap(([vocabulary, codes]) =>
        codes!
          .filter((code) => typeof named[vocabulary]?.[code] !== 'string')
          .map((code) => `${vocabulary}.${code}`),
      );
      expect(missing).toEqual([]);
    });

  it('speaks Welsh to a Welsh reader, with the Wales procedure words', () => {
    expect(caseWordsIn('cy').status.investigating).toBe('Yn ymchwilio');
    expect(findingLabel('malicious', 'wales', 'cy')).toBe(
      "Wedi'i ddyfeisio'n fwriadol neu'n faleisus",
    );
    expect(findingLabel('malicious', 'wales', 'en')).toBe('Deliberately invented or malicious');
    expect(findingLabel('malicious', 'england', 'en')).toBe('Malicious');
    expect(ownerRoleLabel('dsl', 'wales', 'en')).toBe('designated safeguarding person');
    expect(ownerRoleLabel('dsl', 'england', 'en')).toBe('designated safeguarding lead');
    expect(regulatorLabel('wales', 'cy')).toBe('Cyngor y Gweithlu Addysg (EWC)');
  });

  it('describes a timeline entry in the reader’s language', () => {
    const move = { kind: 'transition' as const, fromStatus: 'reported', toStatus: 'investigating' };
    expect(describeEvent({ ...move, data: null })).toBe('Reported → Investigating');
    expect(describeEvent({ ...move, data: null }, 'cy')).toBe("Wedi'i adrodd → Yn ymchwilio");
    const referral = {
      kind: 'referral' as const,
      fromStatus: null,
      toStatus: null,
      data: '{"agency":"police"}',
    };
    expect(describeEvent(referral, 'cy')).toBe('Atgyfeiriad: Yr heddlu');
    expect(describeEvent(referral)).toBe('Referral: Police');
  });

  it('says how soon a clock needs action, with the number’s form in Welsh', () => {
    expect(clockWithin('triage')).toBe('within 1 working day');
    expect(clockWithin('hr_advice')).toBe('within 5 working days');
    expect(clockWithin('takedown', 'cy')).toBe('o fewn 2 ddiwrnod gwaith');
    expect(clockWithin('hold_review', 'cy')).toBe('erbyn y dyddiad adolygu');
  });

  it('prints dates with Welsh month names for a Welsh reader', () => {
    const at = new Date('2026-11-21T09:30:00Z');
    expect(formatLondon(at, 'datetime')).toBe('21 Nov 2026, 09:30');
    expect(formatLondon(at, 'date', 'cy')).toBe('21 Tach 2026');
  });
});
