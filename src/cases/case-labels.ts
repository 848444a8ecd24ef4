import type {
  AboutHeadteacher,
  Platform,
  ReferralAgency,
  ReportType,
  SubjectRelationship,
} from './case.constants.js';
import type { CaseEvent, CaseEventKind } from './case-event.entity.js';
import { CLOCK_LABEL, labels, type OwnerRole } from './workflow/index.js';

/**
 * The words people read for the report vocabulary, shared by the pages and the case files so a
 * code is named the same way everywhere. (Workflow words live in workflow/case-workflow.labels.)
 */
export const REPORT_TYPE_LABEL: Record<ReportType, string> = {
  policy_breach: 'Breach of the social-media policy',
  online_abuse: 'Cyber-bullying or online abuse',
};

export const PLATFORM_LABEL: Record<Platform, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  x: 'X (Twitter)',
  tiktok: 'TikTok',
  youtube: 'YouTube',
  snapchat: 'Snapchat',
  whatsapp: 'WhatsApp',
  other: 'Other',
};

export const AGENCY_LABEL: Record<ReferralAgency, string> = {
  lado: 'LADO (local authority designated officer)',
  police: 'Police',
  childrens_social_care: "Children's social care",
  ceop: 'CEOP',
  iwf: 'Internet Watch Foundation',
  dbs: 'Disclosure and Barring Service',
  tra: 'Teaching Regulation Agency',
  ewc: 'Education Workforce Council (Wales)',
  platform: 'The platform (takedown request)',
  posh: 'Professionals Online Safety Helpline',
};

/** As a reporter answers "how are they connected to the school?" on the form. */
export const RELATIONSHIP_CHOICE: Record<SubjectRelationship, string> = {
  staff: 'A member of staff',
  governor: 'A governor',
  volunteer: 'A volunteer',
  contractor: 'A contractor working at the school',
  agency: 'An agency worker',
  parent: 'A parent or carer',
  pupil: 'A pupil',
  external: 'Someone outside the school',
  unknown: 'I do not know',
};

/** The report form's answers to "Is this about the headteacher?". */
export const ABOUT_HEADTEACHER_CHOICE: Record<AboutHeadteacher, string> = {
  yes: 'Yes',
  no: 'No',
  not_sure: 'I am not sure',
};

/** The capacity the owner holds a case in, as the case file says it. */
export const OWNER_ROLE_LABEL: Record<OwnerRole, string> = {
  headteacher: 'headteacher',
  dsl: 'designated safeguarding lead',
  chair_of_governors: 'chair of governors',
  governor: 'governor named by the chair',
};

/** How a redacted summary refers to the subject instead of by name, in the track's words. */
export const SUBJECT_WITHOUT_NAME: Record<SubjectRelationship, string> = {
  staff: 'The member of staff',
  governor: 'The governor',
  volunteer: 'The volunteer',
  contractor: 'The contractor',
  agency: 'The agency worker',
  parent: 'The parent',
  pupil: 'The pupil',
  external: 'Someone outside the school',
  unknown: 'A person not identified',
};

export const label = <K extends string>(
  labels: Record<K, string>,
  code: string | null | undefined,
): string => (code ? (labels[code as K] ?? code) : '—');

/** How the timeline names each kind of event, on the pages and in the case files alike. */
export const EVENT_LABEL: Record<CaseEventKind, string> = {
  reported: 'Report received',
  transition: 'Moved on',
  note: 'Note',
  hr_advice: 'HR advice',
  referral: 'Referral recorded',
  evidence_added: 'Evidence added',
  handover: 'Handed over to a new owner',
  panel_appointed: 'Appeal panel appointed',
  reclassified: 'Reclassified',
  action: 'Action taken',
  support_offered: 'Support offered to the member of staff targeted',
  resigned: 'The person resigned',
  hearing_held: 'Hearing held',
  letter_sent: 'Letter sent',
  deadline_missed: 'Deadline missed',
  deadline_met_late: 'Deadline met late',
  concern_pattern: 'Another low-level concern about the same adult: consider consulting the LADO',
  message: 'Message',
  legal_hold_placed: 'Legal hold placed: nothing is deleted until it is lifted',
  legal_hold_lifted: 'Legal hold lifted',
  deletion_notice: 'Retention ends: the owner was told the case will be deleted',
  merged_into: 'Merged into another case',
  merged_in: 'Another report merged into this case',
};

/** One timeline entry in words: a move names both statuses, an action or a referral its kind. */
export function describeEvent(
  e: Pick<CaseEvent, 'kind' | 'fromStatus' | 'toStatus' | 'data'>,
): string {
  const data = JSON.parse(e.data ?? '{}') as Record<string, string>;
  switch (e.kind) {
    case 'transition': {
      const status = (s: string | null) =>
        s ? (labels.status[s as keyof typeof labels.status] ?? s) : '';
      const kept = data.namesConfirmed === 'true' ? ' (names in it kept after the check)' : '';
      if (data.move === 'correct_governor_summary') return `Summary for governors corrected${kept}`;
      return e.fromStatus === e.toStatus
        ? `${status(e.toStatus)}: ${data.move === 'postpone_hearing' ? 'hearing postponed' : 'reviewed'}`
        : `${status(e.fromStatus)} → ${status(e.toStatus)}${kept}`;
    }
    case 'message':
      return data.from === 'reporter'
        ? 'Message from the person who reported it'
        : 'Message to the person who reported it';
    case 'reclassified':
      return `Reclassified as ${label(labels.classification, data.classification).toLowerCase()}`;
    case 'referral':
      return `Referral: ${label(AGENCY_LABEL, data.agency)}`;
    case 'action':
      return `Action: ${label(labels.action, data.action)}`;
    // The references only: both cases are the reader's (the owner's, or HR's on the case).
    case 'merged_into':
      return `Merged into ${data.intoReference ?? 'another case'}`;
    case 'merged_in':
      return `${data.reference ?? 'Another report'} merged into this case`;
    case 'letter_sent':
      return `Letter sent: ${data.letter === 'invitation' ? 'hearing invitation' : 'outcome'}`;
    case 'deadline_missed':
    case 'deadline_met_late':
      return `${EVENT_LABEL[e.kind]}: ${label(CLOCK_LABEL, data.clock)}`;
    default:
      return EVENT_LABEL[e.kind];
  }
}
