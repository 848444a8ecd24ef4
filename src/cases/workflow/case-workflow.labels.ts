import type {
  AppealResult,
  CaseAction,
  CaseStatus,
  Classification,
  Finding,
  HoldAgency,
  LlcResponse,
  Nation,
  ReferralDecision,
  Sanction,
  Track,
} from './case-workflow.types.js';

/** Words shown to people (pages, PDFs, mail); the codes are for machines and the database. */
export const labels: {
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
} = {
  status: {
    reported: 'Reported',
    investigating: 'Investigating',
    hr_advice: 'HR advice',
    hearing: 'Hearing',
    on_hold: 'On hold',
    outcome: 'Outcome',
    appeal: 'Appeal',
    closed: 'Closed',
  },
  classification: {
    harm_threshold: 'Harm threshold (allegation)',
    low_level_concern: 'Low-level concern',
    conduct_breach: 'Conduct breach',
    online_abuse: 'Online abuse by a parent or someone outside the school',
    pupil_behaviour: "A pupil's behaviour",
  },
  track: {
    untriaged: 'Not yet triaged',
    allegation: 'Allegation (harm threshold, with the LADO)',
    disciplinary: 'Staff discipline (ACAS Code)',
    conduct_other: 'Conduct of a volunteer, governor, contractor or agency worker',
    low_level_concern: 'Low-level concern',
    online_abuse: 'Online abuse by a parent or someone outside the school',
    pupil_behaviour: "A pupil's behaviour (behaviour and anti-bullying policies)",
  },
  finding: {
    substantiated: 'Substantiated',
    unsubstantiated: 'Unsubstantiated',
    unfounded: 'Unfounded',
    false: 'False',
    malicious: 'Malicious',
  },
  sanction: {
    none: 'No sanction',
    management_advice: 'Management advice',
    first_written_warning: 'First written warning',
    final_written_warning: 'Final written warning',
    dismissal: 'Dismissal',
    summary_dismissal: 'Summary dismissal (gross misconduct)',
    stood_down: 'Stood down as a volunteer',
    referred_for_removal: "Referred to the board's removal procedure",
    reported_to_employer: 'Reported to their employer',
  },
  response: {
    conversation: 'A conversation about the behaviour',
    guidance: 'Written guidance',
    training: 'Training',
    no_action: 'No action',
  },
  action: {
    meeting: 'Meeting',
    warning_letter: 'Warning letter',
    premises_restriction: 'Restriction from the premises',
    police_report: 'Reported to the police',
    platform_takedown: 'Takedown request to the platform',
    complaints_procedure: 'Complaints procedure signposted',
    conversation: 'Conversation with the pupil',
    parents_informed: 'Parents informed',
    behaviour_sanction: 'Sanction under the behaviour policy',
    childrens_social_care_referral: "Referral to children's social care",
  },
  appealResult: {
    upheld: 'Upheld',
    reduced: 'Reduced',
    overturned: 'Overturned',
    withdrawn: 'Withdrawn',
  },
  holdAgency: {
    police: 'The police',
    childrens_social_care: "Children's social care",
    lado: 'The LADO',
  },
  referralDecision: {
    referred: 'Referred',
    not_required: 'Not required',
  },
};

/** Wales's guidance names the last finding differently, and its DSL is a "person", not a lead. */
const WALES_FINDINGS: Partial<Record<Finding, string>> = {
  malicious: 'Deliberately invented or malicious',
};

/** A finding in the words of the school's nation. */
export function findingLabel(finding: Finding, nation: Nation): string {
  return (nation === 'wales' ? WALES_FINDINGS[finding] : undefined) ?? labels.finding[finding];
}

/** TRA in England, EWC in Wales. */
export function regulatorLabel(nation: Nation): string {
  return nation === 'wales'
    ? 'Education Workforce Council (EWC)'
    : 'Teaching Regulation Agency (TRA)';
}
