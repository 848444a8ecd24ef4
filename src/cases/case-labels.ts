import type {
  AboutHeadteacher,
  Platform,
  ReferralAgency,
  ReportType,
  SubjectRelationship,
} from './case.constants.js';
import type { OwnerRole } from './workflow/index.js';

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
  ceop: 'CEOP',
  iwf: 'Internet Watch Foundation',
  dbs: 'Disclosure and Barring Service',
  tra: 'Teaching Regulation Agency',
  ewc: 'Education Workforce Council (Wales)',
  platform: 'The platform (takedown request)',
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

/** How a redacted summary refers to the subject instead of by name. */
export const SUBJECT_WITHOUT_NAME: Record<SubjectRelationship, string> = {
  ...RELATIONSHIP_CHOICE,
  parent: 'A parent',
  unknown: 'A person not identified',
};

export const label = <K extends string>(
  labels: Record<K, string>,
  code: string | null | undefined,
): string => (code ? (labels[code as K] ?? code) : '—');
