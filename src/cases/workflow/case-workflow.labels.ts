import type {
  AppealResult,
  CaseAction,
  CaseStatus,
  Classification,
  Finding,
  HoldAgency,
  LlcResponse,
  Nation,
  OwnerRole,
  ReferralDecision,
  RetentionRule,
  Sanction,
  Track,
} from './case-workflow.types.js';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../common/language.js';
import { words } from '../../platform/i18n/words.js';

/** The workflow's words in one language: what a code is called on pages, in PDFs and in mail. */
export interface WorkflowVocabulary {
  readonly status: Readonly<Record<CaseStatus, string>>;
  readonly classification: Readonly<Record<Classification, string>>;
  readonly track: Readonly<Record<Track, string>>;
  readonly finding: Readonly<Record<Finding, string>>;
  readonly sanction: Readonly<Record<Sanction, string>>;
  readonly response: Readonly<Record<LlcResponse, string>>;
  readonly action: Readonly<Record<CaseAction, string>>;
  readonly appealResult: Readonly<Record<AppealResult, string>>;
  readonly holdAgency: Readonly<Record<HoldAgency, string>>;
  readonly referralDecision: Readonly<Record<ReferralDecision, string>>;
  readonly retentionRule: Readonly<Record<RetentionRule, string>>;
  /** By ClockKind (clocks.ts, which imports this file; CLOCK_LABEL there is typed). */
  readonly clock: Readonly<Record<string, string>>;
  readonly ownerRole: Readonly<Record<OwnerRole, string>>;
  /** Where Wales's guidance names a finding or a role differently (DOMAIN §5). */
  readonly findingWales: Readonly<Partial<Record<Finding, string>>>;
  readonly ownerRoleWales: Readonly<Partial<Record<OwnerRole, string>>>;
  readonly regulator: Readonly<Record<Nation, string>>;
}

/**
 * The words live in i18n/<lang>/labels.json (one home for pages, PDFs and mail); read once per
 * language. `src/cases/case-labels.spec.ts` checks every code has a word in every language.
 */
const vocabularies = new Map<Language, WorkflowVocabulary>(
  LANGUAGES.map((lang) => [lang, words.section('labels', lang) as WorkflowVocabulary]),
);

export function labelsIn(lang: Language): WorkflowVocabulary {
  return vocabularies.get(lang)!;
}

/** The English words, for callers that have no reader's language (logs aside: codes go there). */
export const labels: WorkflowVocabulary = labelsIn(DEFAULT_LANGUAGE);

/** A finding in the words of the school's nation. */
export function findingLabel(
  finding: Finding,
  nation: Nation,
  lang: Language = DEFAULT_LANGUAGE,
): string {
  const named = labelsIn(lang);
  return (nation === 'wales' ? named.findingWales[finding] : undefined) ?? named.finding[finding];
}

/** The owner's capacity in the words of the school's nation: Wales's DSL is a "person". */
export function ownerRoleLabel(
  role: OwnerRole,
  nation: Nation,
  lang: Language = DEFAULT_LANGUAGE,
): string {
  const named = labelsIn(lang);
  return (nation === 'wales' ? named.ownerRoleWales[role] : undefined) ?? named.ownerRole[role];
}

/** TRA in England, EWC in Wales. */
export function regulatorLabel(nation: Nation, lang: Language = DEFAULT_LANGUAGE): string {
  return labelsIn(lang).regulator[nation];
}
