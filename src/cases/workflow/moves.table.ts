import { endOfLondonDay, isIsoDate, londonDate } from '../../common/clock/london-time.js';
import { findingLabel, labels } from './case-workflow.labels.js';
import {
  APPEAL_RESULTS,
  CLASSIFICATIONS,
  FINDINGS,
  HOLD_AGENCIES,
  isFormalSanction,
  LLC_RESPONSES,
  REFERRAL_DECISIONS,
  SANCTION_SEVERITY,
  SANCTIONS,
  SUBJECT_RELATIONSHIPS,
  type CaseFieldChanges,
  type CaseSnapshot,
  type CaseStatus,
  type CommandField,
  type MoveId,
  type NoticeTarget,
  type Performer,
  type Sanction,
  type Track,
  type TransitionCommand,
  type TransitionRefused,
  type WorkflowActor,
  type WorkflowPolicy,
  type WorkingDays,
} from './case-workflow.types.js';
import {
  ACTION_TRACKS,
  endsWorkWithChildren,
  FINDING_TRACKS,
  findingsFor,
  fits,
  hasHearing,
  needsHearing,
  regulatorOf,
  sanctionsFor,
  trackOf,
} from './tracks.js';
import { retentionAtClosing } from './retention.js';

/** Everything a move may read besides the case: the time, the school's rules, its calendar. */
export interface MoveContext {
  now: Date;
  policy: WorkflowPolicy;
  calendar: WorkingDays;
  actor: WorkflowActor;
  actorId?: string;
  /** The move a form is drawn for, when its options depend on it. */
  move?: MoveId;
  /** The case's track before the move. */
  track: Track;
}

/** The command after shape checks: present fields have the right type. */
export type MoveInput = Partial<Omit<TransitionCommand, 'to'>>;

/** What a field holds, which decides how it is checked and how its form control is drawn. */
export type FieldKind = 'text' | 'longText' | 'enum' | 'date' | 'instant' | 'boolean' | 'person';

export interface FieldSpec {
  kind: FieldKind;
  /** The words beside the control. */
  label: string;
  hint?: string;
  /** For enums: the values this case may take (they can depend on its track and nation). */
  options?: (s: CaseSnapshot, ctx: MoveContext) => readonly string[];
  /** The field's whole vocabulary, when a rule (not the shape check) refuses what this case does not offer. */
  vocabulary?: readonly string[];
  /** Whether a form for this case shows the field at all (a rule still checks what is sent). */
  shownFor?: (s: CaseSnapshot, ctx: MoveContext) => boolean;
  optionLabel?: (value: string, ctx: MoveContext) => string;
}

/** The fields an allegation's outcome and closing record for the LADO and the subject's file. */
const onAllegations = (_s: CaseSnapshot, ctx: MoveContext): boolean => ctx.track === 'allegation';

/** Every field a move can carry, once. Moves say which they require and which they accept. */
export const FIELDS: Readonly<Record<CommandField, FieldSpec>> = {
  note: { kind: 'longText', label: 'Note' },
  classification: {
    kind: 'enum',
    label: 'Classification',
    options: (s) => CLASSIFICATIONS.filter((c) => fits(c, s.subjectRelationship)),
    vocabulary: CLASSIFICATIONS,
    optionLabel: (v) => labels.classification[v as keyof typeof labels.classification],
  },
  subjectRelationship: {
    kind: 'enum',
    label: 'Who it is about (correct it if the report got it wrong)',
    options: () => SUBJECT_RELATIONSHIPS,
  },
  hrQuestion: { kind: 'longText', label: 'Your question to HR' },
  finding: {
    shownFor: (_s, ctx) => FINDING_TRACKS.includes(ctx.track),
    kind: 'enum',
    label: 'Finding',
    options: (_s, ctx) => findingsFor(ctx.track, ctx.policy.nation),
    vocabulary: FINDINGS,
    optionLabel: (v, ctx) => findingLabel(v as (typeof FINDINGS)[number], ctx.policy.nation),
  },
  sanction: {
    shownFor: (_s, ctx) => FINDING_TRACKS.includes(ctx.track),
    kind: 'enum',
    label: 'Sanction',
    // Outside a hearing, a form offers only what may be decided there: no warning or dismissal.
    options: (s, ctx) =>
      sanctionsFor(ctx.track, s.subjectRelationship).filter(
        (x) => ctx.move !== 'record_outcome' || !needsHearing(x),
      ),
    vocabulary: SANCTIONS,
    optionLabel: (v) => labels.sanction[v as Sanction],
  },
  response: {
    shownFor: (_s, ctx) => ctx.track === 'low_level_concern',
    kind: 'enum',
    label: 'Response',
    options: () => LLC_RESPONSES,
    vocabulary: LLC_RESPONSES,
    optionLabel: (v) => labels.response[v as keyof typeof labels.response],
  },
  rationale: { kind: 'longText', label: 'Reasons' },
  governorSummary: {
    kind: 'longText',
    label: 'Summary for governors',
    hint: 'Governors see only this text. Name nobody: say "the member of staff" or "the parent", never a pupil.',
  },
  grossMisconduct: { kind: 'boolean', label: 'The hearing found gross misconduct' },
  confirmNames: {
    kind: 'boolean',
    label: 'I have checked these names: keep them in the summary for governors',
    // Drawn only once the check has found names in the summary (the page passes that on).
    shownFor: () => false,
  },
  ladoAgreedFinding: {
    kind: 'boolean',
    label: 'The LADO agreed this finding',
    shownFor: onAllegations,
  },
  subjectInformedAt: {
    kind: 'date',
    label: 'Date the person was told the outcome',
    shownFor: onAllegations,
  },
  subjectInformedDeferred: {
    kind: 'text',
    label: 'Or: why they have not been told yet',
    shownFor: onAllegations,
  },
  parentsInformedAt: {
    kind: 'date',
    label: "Date the pupil's parents were told",
    shownFor: onAllegations,
  },
  parentsInformedDeferred: {
    kind: 'text',
    label: 'Or: why the parents have not been told',
    shownFor: onAllegations,
  },
  holdAgency: {
    kind: 'enum',
    label: 'Who is investigating',
    options: () => HOLD_AGENCIES,
    optionLabel: (v) => labels.holdAgency[v as keyof typeof labels.holdAgency],
  },
  holdReviewDate: {
    kind: 'date',
    label: 'Review date',
    hint: 'At most 20 working days ahead; you will be reminded on the day.',
  },
  agencyAgreed: {
    kind: 'boolean',
    label: 'The police have said the school may now look into it',
  },
  investigatorId: { kind: 'person', label: 'Investigator' },
  hearingManagerId: {
    kind: 'person',
    label: 'Hearing manager',
    hint: 'Someone other than the investigator.',
  },
  hearingAt: { kind: 'instant', label: 'Date and time of the hearing' },
  hearingPlace: { kind: 'text', label: 'Place of the hearing' },
  invitationSentAt: { kind: 'date', label: 'Date the invitation letter is sent' },
  appealLodgedAt: { kind: 'date', label: 'Date the appeal was lodged' },
  appealGrounds: { kind: 'longText', label: 'The grounds of appeal, as written' },
  appealResult: {
    kind: 'enum',
    label: 'Appeal result',
    options: () => APPEAL_RESULTS,
    optionLabel: (v) => labels.appealResult[v as keyof typeof labels.appealResult],
  },
  dbsDecision: {
    kind: 'enum',
    label: 'Referral to the Disclosure and Barring Service',
    options: () => REFERRAL_DECISIONS,
    optionLabel: (v) => labels.referralDecision[v as keyof typeof labels.referralDecision],
    shownFor: (s, ctx) => closingDecisionsApply(s, ctx),
  },
  dbsDetail: {
    kind: 'text',
    label: 'DBS reference, or why no referral is needed',
    shownFor: (s, ctx) => closingDecisionsApply(s, ctx),
  },
  regulatorDecision: {
    kind: 'enum',
    label: 'Referral to the teaching regulator (TRA in England, EWC in Wales)',
    options: () => REFERRAL_DECISIONS,
    optionLabel: (v) => labels.referralDecision[v as keyof typeof labels.referralDecision],
    shownFor: (s, ctx) => closingDecisionsApply(s, ctx) && s.subjectRelationship === 'staff',
  },
  regulatorDetail: {
    kind: 'text',
    label: 'Their reference, or why no referral is needed',
    shownFor: (s, ctx) => closingDecisionsApply(s, ctx) && s.subjectRelationship === 'staff',
  },
  subjectPensionDate: {
    kind: 'date',
    label: 'Date the person reaches their normal pension age',
    hint: 'The file is kept until then, or 10 years from the report if that is later.',
    shownFor: onAllegations,
  },
  subjectConsentsToKeep: {
    kind: 'boolean',
    label: 'The person consented in writing to keep a false or malicious allegation on file',
    shownFor: onAllegations,
  },
  referenceMention: {
    kind: 'boolean',
    label: 'This may be mentioned in a reference',
    hint: 'Never for an unsubstantiated, unfounded, false or malicious allegation.',
    shownFor: onAllegations,
  },
  outcomeCopyGivenAt: {
    kind: 'date',
    label: 'Date the person was given a copy of the outcome',
    shownFor: onAllegations,
  },
};

/** Closing after someone stops working with children asks for the DBS (and regulator) decisions. */
function closingDecisionsApply(s: CaseSnapshot, ctx: MoveContext): boolean {
  return (
    FINDING_TRACKS.includes(ctx.track) &&
    endsWorkWithChildren(s.outcome?.sanction ?? null, s.resignedAt !== null)
  );
}

/** A refusal a rule gives: 409 with the rule's code, and the field it is about. */
export type RuleRefusal = Omit<TransitionRefused, 'ok'>;

export interface MoveEffect {
  changes: CaseFieldChanges;
  note?: string | null;
  codes?: Record<string, string>;
}

export interface MoveSpec {
  id: MoveId;
  from: readonly CaseStatus[];
  /** Where the case goes; a function when the move decides it (reclassify out of a hearing). */
  to: CaseStatus | ((s: CaseSnapshot) => CaseStatus);
  who: readonly Performer[];
  /** The tracks this move belongs to (the case's track before the move). */
  tracks: readonly Track[];
  /** Reached through its own endpoint, never through POST /transitions. */
  endpoint?: 'reclassify' | 'merge';
  /** Fields that must be present, given the case. */
  requires: (s: CaseSnapshot, ctx: MoveContext) => readonly CommandField[];
  /** Fields it also accepts. */
  accepts: readonly CommandField[];
  /** State that must hold whatever the input: refusals are 409 with the rule's code. */
  gates?: (s: CaseSnapshot, ctx: MoveContext) => RuleRefusal | null;
  /** Rules that read the input with the state. */
  rules?: (input: MoveInput, s: CaseSnapshot, ctx: MoveContext) => RuleRefusal[];
  apply: (input: MoveInput, s: CaseSnapshot, ctx: MoveContext) => MoveEffect;
  notify: readonly NoticeTarget[];
  /** The page form: its heading and button, in plain words. */
  form: { title: string; button: string; hint?: string };
}

const ALL_TRACKS: readonly Track[] = [
  'untriaged',
  'allegation',
  'disciplinary',
  'conduct_other',
  'low_level_concern',
  'online_abuse',
  'pupil_behaviour',
];
const TRIAGED = ALL_TRACKS.filter((t) => t !== 'untriaged');
const OUTCOME_FIELDS: readonly CommandField[] = ['rationale', 'governorSummary'];

/** The owner confirmed names the check found in a governors' summary: a code on the event. */
const namesCodes = (input: MoveInput): Record<string, string> =>
  input.confirmNames === true ? { namesConfirmed: 'true' } : {};
/** What closing an allegation records for its retention and the subject's file (DOMAIN.md §8). */
const RETENTION_FIELDS: readonly CommandField[] = [
  'subjectPensionDate',
  'subjectConsentsToKeep',
  'referenceMention',
  'outcomeCopyGivenAt',
];

const refuse = (code: RuleRefusal['code'], message: string, field?: CommandField): RuleRefusal => ({
  status: 409,
  code,
  message,
  ...(field ? { field } : {}),
});

/** The track the case will follow after this input (triage and reclassify choose it). */
function trackAfter(input: MoveInput, s: CaseSnapshot): Track | null {
  return trackOf(
    input.classification ?? s.classification,
    input.subjectRelationship ?? s.subjectRelationship,
  );
}

/** The classification must fit the person: a parent is never a conduct breach. */
function classificationFits(input: MoveInput, s: CaseSnapshot): RuleRefusal[] {
  if (!input.classification) return [];
  const relationship = input.subjectRelationship ?? s.subjectRelationship;
  if (fits(input.classification, relationship)) return [];
  return [
    refuse(
      'CASE_CLASSIFICATION_MISMATCH',
      `${labels.classification[input.classification]} does not fit who the report is about ` +
        `(${relationship}). Choose another classification, or correct who it is about.`,
      'classification',
    ),
  ];
}

/** KCSIE: the LADO is consulted within one working day, before anything else is done. */
function ladoGate(track: Track | null, s: CaseSnapshot): RuleRefusal | null {
  if (track !== 'allegation') return null;
  // After a reclassification the LADO is consulted about the case as it now stands.
  const since = s.reclassifiedAt;
  if (s.ladoConsultedAt && (!since || s.ladoConsultedAt.getTime() >= since.getTime())) return null;
  return refuse(
    'CASE_LADO_CONSULTATION_REQUIRED',
    'This is an allegation that may meet the harm threshold: record your consultation with the LADO (as a referral to the LADO) before doing anything else with it.',
    'classification',
  );
}

/** Indecent images of children: the police (and the IWF for a web address) the same day. */
function policeGate(s: CaseSnapshot): RuleRefusal | null {
  if (!s.indecentImages) return null;
  if (!s.policeReferredAt)
    return refuse(
      'CASE_POLICE_REFERRAL_REQUIRED',
      'Indecent images of children were reported: record the referral to the police first.',
    );
  if (s.hasPostUrl && !s.iwfReferredAt)
    return refuse(
      'CASE_POLICE_REFERRAL_REQUIRED',
      'A web address of indecent images was given: record the report to the Internet Watch Foundation as well.',
    );
  return null;
}

/** A report merged into another case is worked on that case: nothing moves it again. */
function mergedGate(s: CaseSnapshot): RuleRefusal | null {
  if (!s.mergedIntoCaseId) return null;
  return refuse(
    'CASE_MERGED',
    'This report was merged into another case and is worked there: open that case instead.',
  );
}

/** Closing after someone stops working with children needs DBS and regulator decisions. */
function closingDecisions(input: MoveInput, s: CaseSnapshot, ctx: MoveContext): RuleRefusal[] {
  const track = trackAfter(input, s);
  if (!track || !FINDING_TRACKS.includes(track)) return [];
  const sanction = s.outcome?.sanction ?? null;
  if (!endsWorkWithChildren(sanction, s.resignedAt !== null)) return [];
  const out: RuleRefusal[] = [];
  if (!input.dbsDecision || !input.dbsDetail)
    out.push(
      refuse(
        'CASE_DBS_DECISION_REQUIRED',
        'They no longer work with children here: record whether they were referred to the DBS (with the reference) or why no referral is needed.',
        'dbsDecision',
      ),
    );
  if (s.subjectRelationship === 'staff' && (!input.regulatorDecision || !input.regulatorDetail))
    out.push(
      refuse(
        'CASE_REGULATOR_DECISION_REQUIRED',
        `Record whether they were referred to the ${regulatorOf(ctx.policy.nation) === 'ewc' ? 'Education Workforce Council' : 'Teaching Regulation Agency'} (with the reference) or why no referral is needed.`,
        'regulatorDecision',
      ),
    );
  return out;
}

/** Allegations: the LADO agreed the finding, and the person (and parents) were told, or why not. */
function allegationOutcome(input: MoveInput, ctx: MoveContext): RuleRefusal[] {
  if (ctx.track !== 'allegation') return [];
  const out: RuleRefusal[] = [];
  if (input.ladoAgreedFinding !== true)
    out.push(
      refuse(
        'CASE_LADO_AGREEMENT_REQUIRED',
        'An allegation is concluded with the LADO: confirm the LADO agreed this finding.',
        'ladoAgreedFinding',
      ),
    );
  if (!input.subjectInformedAt && !input.subjectInformedDeferred)
    out.push(
      refuse(
        'CASE_INFORMED_DATES_REQUIRED',
        'Give the date the person was told the outcome, or why they have not been told yet.',
        'subjectInformedAt',
      ),
    );
  if (!input.parentsInformedAt && !input.parentsInformedDeferred)
    out.push(
      refuse(
        'CASE_INFORMED_DATES_REQUIRED',
        "Give the date the pupil's parents were told, or why they have not been told.",
        'parentsInformedAt',
      ),
    );
  return out;
}

/** The outcome a finding track records: the finding fits the track, the sanction the person. */
function sanctionRules(input: MoveInput, s: CaseSnapshot, ctx: MoveContext): RuleRefusal[] {
  const out: RuleRefusal[] = [];
  const allowed = sanctionsFor(ctx.track, s.subjectRelationship);
  if (input.sanction && !allowed.includes(input.sanction))
    out.push(
      refuse(
        'CASE_SANCTION_NOT_FOR_RELATIONSHIP',
        `${labels.sanction[input.sanction]} is not an outcome for this person. The outcomes here are: ${allowed.map((x) => labels.sanction[x].toLowerCase()).join(', ')}.`,
        'sanction',
      ),
    );
  const findings = findingsFor(ctx.track, ctx.policy.nation);
  if (input.finding && !findings.includes(input.finding))
    out.push(
      refuse(
        'CASE_FINDING_NOT_USED',
        `${findingLabel(input.finding, ctx.policy.nation)} is not a finding used here: choose one of ${findings.map((f) => findingLabel(f, ctx.policy.nation).toLowerCase()).join(', ')}.`,
        'finding',
      ),
    );
  const serious = input.sanction && !['none', 'management_advice'].includes(input.sanction);
  if (serious && input.finding && input.finding !== 'substantiated')
    out.push(
      refuse(
        'CASE_FORMAL_SANCTION_NEEDS_FINDING',
        `${labels.sanction[input.sanction!]} needs the finding to be substantiated.`,
        'sanction',
      ),
    );
  return out;
}

function outcomeChanges(input: MoveInput, ctx: MoveContext): CaseFieldChanges {
  return {
    finding: input.finding ?? null,
    sanction: input.sanction ?? null,
    response: input.response ?? null,
    rationale: input.rationale ?? null,
    governorSummary: input.governorSummary ?? null,
    decidedAt: new Date(ctx.now.getTime()),
    ladoAgreedFinding: input.ladoAgreedFinding ?? null,
    subjectInformedAt: input.subjectInformedAt ?? null,
    subjectInformedDeferred: input.subjectInformedDeferred ?? null,
    parentsInformedAt: input.parentsInformedAt ?? null,
    parentsInformedDeferred: input.parentsInformedDeferred ?? null,
    grossMisconduct: input.grossMisconduct ?? false,
    warningExpiresAt: warningExpiry(input.sanction ?? null, ctx.now, ctx.policy),
    outcomeLetterSentAt: null,
    appealLodgedAt: null,
    appealGrounds: null,
    appealResult: null,
    appealDecidedAt: null,
  };
}

/** Warnings lapse for disciplinary purposes: first written after 6 months, final after 12 (defaults). */
export function warningExpiry(sanction: Sanction | null, from: Date, policy: WorkflowPolicy) {
  const months =
    sanction === 'first_written_warning'
      ? policy.firstWarningMonths
      : sanction === 'final_written_warning'
        ? policy.finalWarningMonths
        : null;
  if (months === null) return null;
  const [y, m, d] = londonDate(from).split('-').map(Number);
  const month = m - 1 + months;
  const target = new Date(Date.UTC(y + Math.floor(month / 12), month % 12, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  const day = String(Math.min(d, lastDay)).padStart(2, '0');
  return endOfLondonDay(`${target.toISOString().slice(0, 7)}-${day}`);
}

/** The last moment an appeal may be lodged: the end of the window's last working day. */
export function appealDeadline(s: CaseSnapshot, ctx: Pick<MoveContext, 'calendar' | 'policy'>) {
  const sent = s.outcome?.letterSentAt;
  return sent ? ctx.calendar.addWorkingDays(sent, ctx.policy.appealWindowWorkingDays) : null;
}

/** A hold's review date may be at most 20 working days ahead (DOMAIN.md §5). */
function holdReviewRule(input: MoveInput, ctx: MoveContext): RuleRefusal[] {
  if (!input.holdReviewDate) return [];
  const review = endOfLondonDay(input.holdReviewDate);
  if (review.getTime() <= ctx.now.getTime())
    return [
      refuse(
        'CASE_HOLD_REVIEW_TOO_FAR',
        'The review date must be in the future.',
        'holdReviewDate',
      ),
    ];
  if (ctx.calendar.workingDaysBetween(ctx.now, review) > 20)
    return [
      refuse(
        'CASE_HOLD_REVIEW_TOO_FAR',
        'A hold is reviewed at least every 20 working days: choose an earlier review date.',
        'holdReviewDate',
      ),
    ];
  return [];
}

const hearingTracks: readonly Track[] = ['allegation', 'disciplinary'];

/** DOMAIN.md §5, one row per move. Anything not listed is an invalid transition. */
export const MOVES: readonly MoveSpec[] = [
  {
    id: 'triage',
    from: ['reported'],
    to: 'investigating',
    who: ['owner'],
    tracks: ['untriaged'],
    requires: () => ['classification'],
    accepts: ['subjectRelationship', 'note', 'investigatorId'],
    rules: (input, s) => {
      const mismatch = classificationFits(input, s);
      if (mismatch.length > 0) return mismatch;
      const lado = ladoGate(trackAfter(input, s), s);
      return [
        ...(lado ? [lado] : []),
        ...(s.indecentImages
          ? [
              refuse(
                'CASE_POLICE_INVESTIGATING',
                'Indecent images of children are not investigated by the school until the police say so: refer it to the police and put the case on hold.',
              ),
            ]
          : []),
      ];
    },
    apply: (input, s, ctx) => ({
      changes: {
        classification: input.classification,
        ...(input.subjectRelationship ? { subjectRelationship: input.subjectRelationship } : {}),
        statusEnteredAt: ctx.now,
        // The investigator is the owner unless the owner names someone (DOMAIN.md §5).
        investigatorId: input.investigatorId ?? ctx.actorId ?? null,
      },
      codes: { classification: input.classification! },
    }),
    notify: [],
    form: {
      title: 'Triage and start investigating',
      button: 'Start investigating',
      hint: 'The classification chooses the procedure this case follows.',
    },
  },
  {
    id: 'close_no_further_action',
    from: ['reported', 'investigating', 'hr_advice', 'on_hold'],
    to: 'closed',
    who: ['owner'],
    tracks: ALL_TRACKS,
    requires: (s) => (s.status === 'reported' ? ['classification', 'rationale'] : ['rationale']),
    accepts: [
      'subjectRelationship',
      'note',
      'dbsDecision',
      'dbsDetail',
      'regulatorDecision',
      'regulatorDetail',
      ...RETENTION_FIELDS,
    ],
    gates: (s) => policeGate(s),
    rules: (input, s, ctx) => {
      const mismatch = classificationFits(input, s);
      if (mismatch.length > 0) return mismatch;
      const lado = ladoGate(trackAfter(input, s), s);
      return [
        ...(lado ? [lado] : []),
        ...closingDecisions(input, s, ctx),
        ...referenceRule(input, s, ctx),
      ];
    },
    apply: (input, s, ctx) => ({
      changes: {
        ...(input.classification ? { classification: input.classification } : {}),
        ...(input.subjectRelationship ? { subjectRelationship: input.subjectRelationship } : {}),
        rationale: input.rationale,
        closedAt: ctx.now,
        ...closingChanges(input),
        ...retentionChanges(input, s, ctx),
      },
      note: input.note ?? input.rationale ?? null,
      codes: {
        ...(input.classification ? { classification: input.classification } : {}),
        closedWith: 'no_further_action',
        ...retentionCodes(input, s, ctx),
      },
    }),
    notify: ['reporter'],
    form: {
      title: 'Close with no further action',
      button: 'Close the case',
      hint: 'For a report withdrawn, unfounded on its face, or dealt with elsewhere. The case is kept, never deleted.',
    },
  },
  {
    id: 'reclassify',
    from: ['investigating', 'hr_advice', 'on_hold', 'hearing'],
    to: (s) => (s.status === 'hearing' ? 'investigating' : s.status),
    who: ['owner'],
    tracks: TRIAGED,
    endpoint: 'reclassify',
    requires: () => ['classification', 'note'],
    accepts: ['subjectRelationship'],
    rules: (input, s) => {
      const mismatch = classificationFits(input, s);
      if (mismatch.length > 0) return mismatch;
      if (
        input.classification === s.classification &&
        (input.subjectRelationship ?? s.subjectRelationship) === s.subjectRelationship
      )
        return [
          refuse(
            'CASE_INVALID_TRANSITION',
            'The case already has this classification.',
            'classification',
          ),
        ];
      return [];
    },
    apply: (input, s, ctx) => ({
      changes: {
        classification: input.classification,
        ...(input.subjectRelationship ? { subjectRelationship: input.subjectRelationship } : {}),
        reclassifiedAt: ctx.now,
        // A hearing belongs to the old procedure; the new track starts from its own steps.
        ...(s.status === 'hearing'
          ? {
              statusEnteredAt: ctx.now,
              hearingAt: null,
              hearingPlace: null,
              invitationSentAt: null,
              hearingHeldAt: null,
            }
          : {}),
      },
      codes: {
        classification: input.classification!,
        previousClassification: s.classification ?? '',
      },
    }),
    notify: [],
    form: { title: 'Reclassify the case', button: 'Reclassify' },
  },
  {
    id: 'request_hr_advice',
    from: ['investigating'],
    to: 'hr_advice',
    who: ['owner'],
    tracks: TRIAGED,
    requires: () => ['hrQuestion'],
    accepts: [],
    apply: (input, s, ctx) => ({
      changes: { hrRequestedAt: ctx.now, hrReachedAt: ctx.now, statusEnteredAt: ctx.now },
      note: input.hrQuestion,
    }),
    notify: ['hr'],
    form: { title: 'Ask HR for advice', button: 'Send to HR' },
  },
  {
    id: 'return_from_hr',
    from: ['hr_advice'],
    to: 'investigating',
    who: ['owner', 'hr'],
    tracks: TRIAGED,
    requires: () => ['note'],
    accepts: [],
    apply: (input, s, ctx) => ({ changes: { statusEnteredAt: ctx.now }, note: input.note }),
    notify: ['owner'],
    form: { title: 'Return to investigation', button: 'Return to investigation' },
  },
  {
    id: 'put_on_hold',
    from: ['reported', 'investigating'],
    to: 'on_hold',
    who: ['owner'],
    tracks: ALL_TRACKS,
    requires: (s) =>
      s.status === 'reported'
        ? ['classification', 'holdAgency', 'holdReviewDate']
        : ['holdAgency', 'holdReviewDate'],
    accepts: ['note'],
    gates: (s) => policeGate(s),
    rules: (input, s, ctx) => {
      const mismatch = classificationFits(input, s);
      if (mismatch.length > 0) return mismatch;
      const lado = s.status === 'reported' ? ladoGate(trackAfter(input, s), s) : null;
      return [...(lado ? [lado] : []), ...holdReviewRule(input, ctx)];
    },
    apply: (input, s, ctx) => ({
      changes: {
        ...(input.classification ? { classification: input.classification } : {}),
        ...(input.subjectRelationship ? { subjectRelationship: input.subjectRelationship } : {}),
        holdAgency: input.holdAgency,
        holdReviewDate: input.holdReviewDate,
        statusEnteredAt: ctx.now,
      },
      note: input.note ?? null,
      codes: { holdAgency: input.holdAgency!, reviewDate: input.holdReviewDate! },
    }),
    notify: [],
    form: {
      title: 'Put on hold while another agency investigates',
      button: 'Put on hold',
      hint: 'While the police or children’s social care investigate, the school waits.',
    },
  },
  {
    id: 'review_hold',
    from: ['on_hold'],
    to: 'on_hold',
    who: ['owner'],
    tracks: ALL_TRACKS,
    requires: () => ['holdReviewDate', 'note'],
    accepts: [],
    rules: (input, s, ctx) => holdReviewRule(input, ctx),
    apply: (input) => ({
      changes: { holdReviewDate: input.holdReviewDate },
      note: input.note,
      codes: { reviewDate: input.holdReviewDate! },
    }),
    notify: [],
    form: { title: 'Review the hold', button: 'Record the review' },
  },
  {
    id: 'resume',
    from: ['on_hold'],
    to: 'investigating',
    who: ['owner'],
    tracks: TRIAGED,
    requires: () => ['note'],
    accepts: ['agencyAgreed'],
    rules: (input, s) =>
      s.indecentImages && input.agencyAgreed !== true
        ? [
            refuse(
              'CASE_POLICE_INVESTIGATING',
              'The school looks into indecent images only once the police have said it may.',
              'agencyAgreed',
            ),
          ]
        : [],
    apply: (input, s, ctx) => ({
      changes: { holdAgency: null, holdReviewDate: null, statusEnteredAt: ctx.now },
      note: input.note,
    }),
    notify: [],
    form: { title: 'Resume the investigation', button: 'Resume' },
  },
  {
    id: 'invite_to_hearing',
    from: ['investigating', 'hr_advice'],
    to: 'hearing',
    who: ['owner'],
    tracks: hearingTracks,
    requires: () => ['hearingManagerId', 'hearingAt', 'hearingPlace', 'invitationSentAt'],
    accepts: ['note'],
    gates: (s, ctx) => {
      if (!hasHearing(ctx.track, s.subjectRelationship))
        return refuse(
          'CASE_INVALID_TRANSITION',
          'Only an employee is called to a disciplinary hearing.',
        );
      if (s.hrAdviceCount < 1)
        return refuse(
          'CASE_HR_ADVICE_REQUIRED',
          'A hearing can end in a warning or dismissal: ask HR for advice before calling one.',
        );
      return null;
    },
    rules: (input, s, ctx) => {
      const out: RuleRefusal[] = [];
      const investigator = s.investigatorId;
      if (input.hearingManagerId && investigator && input.hearingManagerId === investigator)
        out.push(
          refuse(
            'CASE_HEARING_MANAGER_CONFLICT',
            'The investigator cannot also hear the case: name someone else as hearing manager.',
            'hearingManagerId',
          ),
        );
      if (input.invitationSentAt && input.hearingAt) {
        const earliest = ctx.calendar.addWorkingDays(
          input.invitationSentAt,
          ctx.policy.noticeWorkingDays,
        );
        const earliestDay = londonDate(earliest);
        if (londonDate(input.hearingAt) < earliestDay)
          out.push(
            refuse(
              'CASE_HEARING_NOTICE_TOO_SHORT',
              `The employee must have ${ctx.policy.noticeWorkingDays} working days' notice: the hearing can be on ${earliestDay} at the earliest.`,
              'hearingAt',
            ),
          );
      }
      return out;
    },
    apply: (input, s, ctx) => ({
      changes: {
        hearingManagerId: input.hearingManagerId,
        hearingAt: input.hearingAt,
        originalHearingAt: input.hearingAt,
        hearingPlace: input.hearingPlace,
        invitationSentAt: input.invitationSentAt,
        hearingHeldAt: null,
        postponements: 0,
        statusEnteredAt: ctx.now,
        ...(s.investigatorId ? {} : { investigatorId: null }),
      },
      note: input.note ?? null,
    }),
    notify: ['hearing_manager'],
    form: {
      title: 'Call a disciplinary hearing',
      button: 'Call the hearing',
      hint: 'The invitation letter sets out the allegations and the evidence, the date, time and place, and the right to bring a colleague or union representative.',
    },
  },
  {
    id: 'postpone_hearing',
    from: ['hearing'],
    to: 'hearing',
    who: ['owner', 'hearing_manager'],
    tracks: hearingTracks,
    requires: () => ['hearingAt', 'note'],
    accepts: [],
    rules: (input, s, ctx) => {
      if (s.hearingHeldAt)
        return [
          refuse('CASE_INVALID_TRANSITION', 'The hearing has been held: it cannot be postponed.'),
        ];
      if (s.postponements >= 1)
        return [
          refuse(
            'CASE_POSTPONEMENT_LIMIT',
            'The hearing has already been postponed once; the employee may not postpone it again.',
            'hearingAt',
          ),
        ];
      const original = s.originalHearingAt ?? s.hearingAt;
      if (input.hearingAt && original) {
        const latest = ctx.calendar.addWorkingDays(original, 5);
        if (input.hearingAt.getTime() > latest.getTime())
          return [
            refuse(
              'CASE_POSTPONEMENT_TOO_LATE',
              `A postponed hearing must be within 5 working days of the original date: by ${londonDate(latest)}.`,
              'hearingAt',
            ),
          ];
        if (input.hearingAt.getTime() <= ctx.now.getTime())
          return [
            refuse(
              'CASE_POSTPONEMENT_TOO_LATE',
              'The new time must be in the future.',
              'hearingAt',
            ),
          ];
      }
      return [];
    },
    apply: (input, s) => ({
      changes: { hearingAt: input.hearingAt, postponements: s.postponements + 1 },
      note: input.note,
      codes: { hearingAt: input.hearingAt!.toISOString() },
    }),
    notify: ['hearing_manager'],
    form: { title: 'Postpone the hearing (once)', button: 'Postpone' },
  },
  {
    id: 'record_outcome',
    from: ['investigating', 'hr_advice'],
    to: 'outcome',
    who: ['owner'],
    tracks: TRIAGED,
    requires: (s, ctx) =>
      FINDING_TRACKS.includes(ctx.track)
        ? ['finding', 'sanction', ...OUTCOME_FIELDS]
        : ctx.track === 'low_level_concern'
          ? ['response', ...OUTCOME_FIELDS]
          : OUTCOME_FIELDS,
    // Finding, sanction and response are read on every track, so that one a track does not
    // use is refused by name rather than quietly dropped.
    accepts: [
      'note',
      'finding',
      'sanction',
      'response',
      'confirmNames',
      'ladoAgreedFinding',
      'subjectInformedAt',
      'subjectInformedDeferred',
      'parentsInformedAt',
      'parentsInformedDeferred',
    ],
    gates: (s, ctx) => {
      if (ctx.track === 'online_abuse' && !s.supportRecorded)
        return refuse(
          'CASE_SUPPORT_REQUIRED',
          'Record the support offered to the member of staff who was targeted before the outcome.',
        );
      if (ACTION_TRACKS.includes(ctx.track) && s.actionsRecorded === 0)
        return refuse(
          'CASE_ACTION_REQUIRED',
          'Record at least one action taken before the outcome.',
        );
      return null;
    },
    rules: (input, s, ctx) => {
      const out: RuleRefusal[] = [];
      if (FINDING_TRACKS.includes(ctx.track) && input.response)
        out.push(
          refuse(
            'CASE_INVALID_TRANSITION',
            'A response is recorded on a low-level concern; this case records a finding.',
            'response',
          ),
        );
      if (!FINDING_TRACKS.includes(ctx.track)) {
        if (ctx.track !== 'low_level_concern' && input.response)
          out.push(
            refuse(
              'CASE_INVALID_TRANSITION',
              'Here the school records the actions it took, not a response.',
              'response',
            ),
          );
        for (const field of ['finding', 'sanction'] as const)
          if (input[field])
            out.push(
              refuse(
                'CASE_INVALID_TRANSITION',
                ctx.track === 'low_level_concern'
                  ? 'A low-level concern has no finding and no sanction: record the response.'
                  : 'Here the school records the actions it took, never a finding or a sanction.',
                field,
              ),
            );
        return out;
      }
      const fitting = sanctionRules(input, s, ctx);
      if (fitting.length === 0 && input.sanction && needsHearing(input.sanction))
        out.push(
          refuse(
            'CASE_FORMAL_SANCTION_NEEDS_HEARING',
            'A warning or dismissal is decided at a hearing: call a disciplinary hearing first.',
            'sanction',
          ),
        );
      return [...fitting, ...out, ...allegationOutcome(input, ctx)];
    },
    apply: (input, s, ctx) => ({
      changes: outcomeChanges(input, ctx),
      note: input.note ?? null,
      codes: {
        ...(input.finding ? { finding: input.finding } : {}),
        ...(input.sanction ? { sanction: input.sanction } : {}),
        ...(input.response ? { response: input.response } : {}),
        ...namesCodes(input),
      },
    }),
    notify: [],
    form: { title: 'Record the outcome', button: 'Record the outcome' },
  },
  {
    id: 'decide_after_hearing',
    from: ['hearing'],
    to: 'outcome',
    who: ['hearing_manager', 'panel'],
    tracks: hearingTracks,
    requires: () => ['finding', 'sanction', ...OUTCOME_FIELDS],
    gates: (s, ctx) => {
      if (s.hearingAt && s.hearingAt.getTime() > ctx.now.getTime())
        return refuse(
          'CASE_HEARING_NOT_HELD',
          'The decision is recorded once the hearing has been held.',
        );
      // A snapshot without the field (older callers of decide()) is taken as recorded.
      if (s.hearingHeldAt === null)
        return refuse(
          'CASE_HEARING_NOT_HELD',
          'Record the hearing first: when it was held, who came with the employee, and the notes.',
        );
      return null;
    },
    accepts: [
      'note',
      'grossMisconduct',
      'confirmNames',
      'ladoAgreedFinding',
      'subjectInformedAt',
      'subjectInformedDeferred',
      'parentsInformedAt',
      'parentsInformedDeferred',
    ],
    rules: (input, s, ctx) => {
      const out = [...sanctionRules(input, s, ctx), ...allegationOutcome(input, ctx)];
      if (isFormalSanction(input.sanction) && s.hrAdviceCount < 1)
        out.push(
          refuse('CASE_HR_ADVICE_REQUIRED', 'A formal sanction needs HR advice first.', 'sanction'),
        );
      if (input.sanction === 'summary_dismissal' && input.grossMisconduct !== true)
        out.push(
          refuse(
            'CASE_GROSS_MISCONDUCT_REQUIRED',
            'Summary dismissal is only for gross misconduct: record that the hearing found it, or choose another sanction.',
            'grossMisconduct',
          ),
        );
      const dismissal = input.sanction === 'dismissal' || input.sanction === 'summary_dismissal';
      if (dismissal && ctx.policy.dismissalByPanel && !ctx.actor.isPanelMember)
        out.push(
          refuse(
            'CASE_DISMISSAL_PANEL_REQUIRED',
            "The school's rules say dismissal is decided by a panel of governors: the chair appoints one.",
            'sanction',
          ),
        );
      return out;
    },
    apply: (input, s, ctx) => ({
      changes: outcomeChanges(input, ctx),
      note: input.note ?? null,
      codes: { finding: input.finding!, sanction: input.sanction!, ...namesCodes(input) },
    }),
    notify: ['owner'],
    form: { title: 'Record the hearing’s decision', button: 'Record the decision' },
  },
  {
    id: 'lodge_appeal',
    from: ['outcome'],
    to: 'appeal',
    who: ['owner'],
    tracks: TRIAGED,
    requires: () => ['appealLodgedAt', 'appealGrounds'],
    accepts: [],
    gates: (s) => {
      if (!isFormalSanction(s.outcome?.sanction))
        return refuse(
          'CASE_APPEAL_NOT_APPEALABLE',
          'Only a warning or a dismissal can be appealed; this outcome can be closed.',
        );
      if (s.outcome?.appealResult)
        return refuse(
          'CASE_INVALID_TRANSITION',
          'An appeal against this outcome has already been decided.',
        );
      if (!s.outcome?.letterSentAt)
        return refuse(
          'CASE_OUTCOME_LETTER_REQUIRED',
          'Record the date the outcome letter was sent: the appeal window runs from it.',
        );
      return null;
    },
    rules: (input, s, ctx) => {
      const lodged = input.appealLodgedAt;
      const sent = s.outcome?.letterSentAt;
      if (!lodged || !sent) return [];
      if (lodged.getTime() > ctx.now.getTime())
        return [
          refuse(
            'CASE_APPEAL_LATE',
            'The date the appeal was lodged cannot be in the future.',
            'appealLodgedAt',
          ),
        ];
      if (londonDate(lodged) < londonDate(sent))
        return [
          refuse(
            'CASE_APPEAL_LATE',
            'An appeal cannot be lodged before the outcome letter was sent.',
            'appealLodgedAt',
          ),
        ];
      const deadline = appealDeadline(s, ctx)!;
      if (lodged.getTime() > deadline.getTime())
        return [
          refuse(
            'CASE_APPEAL_LATE',
            `The appeal was lodged after the window closed (${ctx.policy.appealWindowWorkingDays} working days from the outcome letter, ending ${londonDate(deadline)}).`,
            'appealLodgedAt',
          ),
        ];
      return [];
    },
    apply: (input) => ({
      changes: { appealLodgedAt: input.appealLodgedAt, appealGrounds: input.appealGrounds },
    }),
    notify: ['appointers'],
    form: { title: 'Record an appeal', button: 'Record the appeal' },
  },
  {
    id: 'decide_appeal',
    from: ['appeal'],
    to: 'outcome',
    who: ['panel', 'owner'],
    tracks: TRIAGED,
    requires: () => ['appealResult'],
    accepts: ['sanction', 'finding', 'note', 'rationale'],
    rules: (input, s, ctx) => {
      const out: RuleRefusal[] = [];
      // The employee withdraws an appeal through the owner; only the panel decides one.
      if (ctx.actor.isOwner && !ctx.actor.isPanelMember && input.appealResult !== 'withdrawn')
        return [
          {
            status: 403,
            code: 'CASE_FORBIDDEN_TRANSITION',
            message:
              'Only the appeal panel decides an appeal; the owner may record that it was withdrawn.',
          },
        ];
      const current = s.outcome?.sanction ?? 'none';
      const rank = severity;
      if (input.sanction && rank(input.sanction) > rank(current))
        out.push(
          refuse(
            'CASE_APPEAL_CANNOT_INCREASE',
            `An appeal never increases a sanction: it is ${labels.sanction[current].toLowerCase()} now.`,
            'sanction',
          ),
        );
      if (input.appealResult === 'reduced') {
        if (!input.sanction)
          out.push(refuse('CASE_VALIDATION', 'Choose the lower sanction.', 'sanction'));
        else if (rank(input.sanction) >= rank(current) && out.length === 0)
          out.push(
            refuse(
              'CASE_APPEAL_CANNOT_INCREASE',
              `A reduced sanction must be lower than ${labels.sanction[current].toLowerCase()}.`,
              'sanction',
            ),
          );
      }
      if (input.appealResult === 'overturned') {
        if (!input.finding || input.finding === 'substantiated')
          out.push(
            refuse(
              'CASE_VALIDATION',
              'An overturned appeal replaces the finding: choose the new one.',
              'finding',
            ),
          );
      }
      return out;
    },
    apply: (input, s, ctx) => {
      const previous = s.outcome?.sanction ?? 'none';
      const result = input.appealResult!;
      const sanction: Sanction =
        result === 'reduced' ? input.sanction! : result === 'overturned' ? 'none' : previous;
      return {
        changes: {
          appealResult: result,
          appealDecidedAt: ctx.now,
          sanction,
          ...(result === 'overturned' ? { finding: input.finding } : {}),
          warningExpiresAt: warningExpiry(sanction, s.outcome?.decidedAt ?? ctx.now, ctx.policy),
        },
        note: input.note ?? input.rationale ?? null,
        codes: {
          appealResult: result,
          sanction,
          previousSanction: previous,
          ...(result === 'overturned'
            ? { finding: input.finding!, previousFinding: s.outcome?.finding ?? '' }
            : {}),
        },
      };
    },
    notify: ['owner'],
    form: { title: 'Decide the appeal', button: 'Record the appeal decision' },
  },
  {
    id: 'close',
    from: ['outcome'],
    to: 'closed',
    who: ['owner'],
    tracks: TRIAGED,
    requires: () => [],
    accepts: [
      'note',
      'dbsDecision',
      'dbsDetail',
      'regulatorDecision',
      'regulatorDetail',
      ...RETENTION_FIELDS,
    ],
    gates: (s, ctx) => {
      const outcome = s.outcome;
      if (!outcome || outcome.appealResult || !isFormalSanction(outcome.sanction)) return null;
      const deadline = appealDeadline(s, ctx);
      if (!deadline)
        return refuse(
          'CASE_OUTCOME_LETTER_REQUIRED',
          'Record the date the outcome letter was sent: the case closes once the appeal window has passed.',
        );
      if (ctx.now.getTime() <= deadline.getTime())
        return refuse(
          'CASE_APPEAL_WINDOW_OPEN',
          `The appeal window is still open (until the end of ${londonDate(deadline)}).`,
        );
      return null;
    },
    rules: (input, s, ctx) => [...closingDecisions(input, s, ctx), ...referenceRule(input, s, ctx)],
    apply: (input, s, ctx) => ({
      changes: { closedAt: ctx.now, ...closingChanges(input), ...retentionChanges(input, s, ctx) },
      note: input.note ?? null,
      codes: retentionCodes(input, s, ctx),
    }),
    notify: ['reporter'],
    form: { title: 'Close the case', button: 'Close the case' },
  },
  {
    // DOMAIN.md §7: governors read the owner's summary; once an appeal has changed the outcome
    // the summary must say so. The old text stays on the event and in the HR file.
    id: 'correct_governor_summary',
    from: ['outcome', 'closed'],
    to: (s) => s.status,
    who: ['owner'],
    tracks: TRIAGED,
    requires: () => ['governorSummary'],
    accepts: ['note', 'confirmNames'],
    gates: (s) =>
      s.outcome?.appealResult
        ? null
        : refuse(
            'CASE_INVALID_TRANSITION',
            'The summary for governors is corrected once an appeal has been decided.',
          ),
    apply: (input) => ({
      changes: { governorSummary: input.governorSummary },
      note: input.note ?? null,
      codes: namesCodes(input),
    }),
    notify: [],
    form: {
      title: 'Correct the summary for governors',
      button: 'Save the corrected summary',
      hint: 'After the appeal, say what was finally decided. The earlier summary is kept in the HR case file.',
    },
  },
  {
    id: 'reopen',
    from: ['closed'],
    to: 'investigating',
    who: ['owner'],
    tracks: TRIAGED,
    requires: () => ['note'],
    accepts: [],
    gates: (s) => mergedGate(s),
    apply: (input, s, ctx) => ({
      // Retention is decided again at the next closing, from what the case then holds.
      changes: { closedAt: null, statusEnteredAt: ctx.now, retainUntil: null, retentionRule: null },
      note: input.note,
    }),
    notify: [],
    form: {
      title: 'Reopen on new evidence',
      button: 'Reopen the case',
      hint: 'Say what is new. The earlier outcome stays in the history.',
    },
  },
  {
    // Issue 21: ten staff often report the same post. The report merged away (this case) is
    // closed and worked no more; its row, timeline and evidence stay its own and are read on the
    // case it joins. Only before a hearing, an outcome or an appeal: a formal procedure under
    // way belongs to its own case. The checks that need both cases (the same track, neither
    // already merged) are in merge.ts; this row decides what happens to this one.
    id: 'merge',
    from: ['reported', 'investigating', 'hr_advice', 'on_hold'],
    to: 'closed',
    who: ['owner'],
    tracks: ALL_TRACKS,
    endpoint: 'merge',
    requires: () => ['note'],
    accepts: [],
    // Indecent images must reach the police from the report that declared them, the same day.
    gates: (s) => mergedGate(s) ?? policeGate(s),
    apply: (input, _s, ctx) => ({
      // No retention schedule of its own: it is kept, and deleted, with the case it joined
      // (README, "Merging reports").
      changes: { closedAt: ctx.now, retainUntil: null, retentionRule: null },
      note: input.note,
      codes: { closedWith: 'merged' },
    }),
    notify: [],
    form: {
      title: 'Merge this report into another case',
      button: 'Merge the reports',
      hint: 'Both timelines are kept; this report is then read and worked on the other case.',
    },
  },
];

/** How heavy a sanction is: an appeal may only move down this scale. */
export function severity(sanction: Sanction): number {
  const employee = SANCTION_SEVERITY.indexOf(sanction);
  // Ending a volunteer's, governor's or contractor's part ranks with dismissal.
  return employee >= 0 ? employee : SANCTION_SEVERITY.indexOf('dismissal');
}

function closingChanges(input: MoveInput): CaseFieldChanges {
  return {
    ...(input.dbsDecision
      ? { dbsDecision: input.dbsDecision, dbsDetail: input.dbsDetail ?? null }
      : {}),
    ...(input.regulatorDecision
      ? {
          regulatorDecision: input.regulatorDecision,
          regulatorDetail: input.regulatorDetail ?? null,
        }
      : {}),
  };
}

/** KCSIE: only a substantiated allegation may ever be mentioned in a reference. */
function referenceRule(input: MoveInput, s: CaseSnapshot, ctx: MoveContext): RuleRefusal[] {
  const finding = s.outcome?.finding ?? null;
  if (input.referenceMention !== true || finding === 'substantiated') return [];
  return [
    refuse(
      'CASE_REFERENCE_MENTION_NOT_ALLOWED',
      finding
        ? `A ${findingLabel(finding, ctx.policy.nation).toLowerCase()} allegation is never mentioned in a reference.`
        : 'Only a substantiated allegation may be mentioned in a reference.',
      'referenceMention',
    ),
  ];
}

function retentionOf(input: MoveInput, s: CaseSnapshot, ctx: MoveContext) {
  const classification = input.classification ?? s.classification;
  if (!classification) return null;
  return retentionAtClosing(
    {
      classification,
      finding: s.outcome?.finding ?? null,
      reportedAt: s.reportedAt,
      closedAt: ctx.now,
      subjectPensionDate: input.subjectPensionDate ?? null,
      subjectConsentsToKeep: input.subjectConsentsToKeep ?? null,
    },
    ctx.policy,
  );
}

function retentionChanges(input: MoveInput, s: CaseSnapshot, ctx: MoveContext): CaseFieldChanges {
  const retention = retentionOf(input, s, ctx);
  const allegation = (input.classification ?? s.classification) === 'harm_threshold';
  return {
    retainUntil: retention?.retainUntil ?? null,
    retentionRule: retention?.rule ?? null,
    subjectPensionDate: allegation ? (input.subjectPensionDate ?? null) : null,
    subjectConsentsToKeep: allegation ? (input.subjectConsentsToKeep ?? null) : null,
    // Never in a reference unless the owner says so for a substantiated finding.
    referenceMention: allegation ? (input.referenceMention ?? false) : null,
    outcomeCopyGivenAt: allegation ? (input.outcomeCopyGivenAt ?? null) : null,
  };
}

/** The retention decision on the closing event and its audit entry: codes and a date only. */
function retentionCodes(
  input: MoveInput,
  s: CaseSnapshot,
  ctx: MoveContext,
): Record<string, string> {
  const retention = retentionOf(input, s, ctx);
  if (!retention) return {};
  return {
    retentionRule: retention.rule,
    ...(retention.retainUntil ? { retainUntil: retention.retainUntil.toISOString() } : {}),
  };
}

export function targetOf(move: MoveSpec, s: CaseSnapshot): CaseStatus {
  return typeof move.to === 'function' ? move.to(s) : move.to;
}

/**
 * A date field ("YYYY-MM-DD") as the instant that day means: today is now, an earlier day its
 * last moment, a later day its last moment too (so that "not in the future" refuses it).
 */
export function dayToInstant(day: string, now: Date): Date {
  if (!isIsoDate(day)) return new Date(Number.NaN);
  return day === londonDate(now) ? new Date(now.getTime()) : endOfLondonDay(day);
}
