/** The vocabulary of a report (DOMAIN.md §2-§3, API.md "Filing a report"). */
export const REPORT_TYPES = ['policy_breach', 'online_abuse'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export { SUBJECT_RELATIONSHIPS, type SubjectRelationship } from './workflow/index.js';

export const PLATFORMS = [
  'facebook',
  'instagram',
  'x',
  'tiktok',
  'youtube',
  'snapchat',
  'whatsapp',
  'other',
] as const;
export type Platform = (typeof PLATFORMS)[number];

export const REFERRAL_AGENCIES = [
  'lado',
  'police',
  'childrens_social_care',
  'ceop',
  'iwf',
  'dbs',
  'tra',
  'ewc',
  'platform',
  'posh',
] as const;
export type ReferralAgency = (typeof REFERRAL_AGENCIES)[number];

/** The report form's "Is this about the headteacher?" (DOMAIN.md §4). */
export const ABOUT_HEADTEACHER_ANSWERS = ['yes', 'no', 'not_sure'] as const;
export type AboutHeadteacher = (typeof ABOUT_HEADTEACHER_ANSWERS)[number];

/** Who came with the employee to a disciplinary hearing (the statutory right to be accompanied). */
export const HEARING_COMPANIONS = ['none', 'colleague', 'trade_union_representative'] as const;
export type HearingCompanion = (typeof HEARING_COMPANIONS)[number];
