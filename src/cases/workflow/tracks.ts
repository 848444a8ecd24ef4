import {
  ABUSE_ACTIONS,
  ENDS_WORK_WITH_CHILDREN,
  FINDINGS,
  FORMAL_SANCTIONS,
  PUPIL_ACTIONS,
  SANCTION_SEVERITY,
  WORKFORCE,
  type CaseAction,
  type Classification,
  type Finding,
  type Nation,
  type Sanction,
  type SubjectRelationship,
  type Track,
} from './case-workflow.types.js';

/** Which classifications fit which subjects: a parent is never a conduct breach, a pupil never an allegation. */
export const CLASSIFICATIONS_FOR: Readonly<Record<SubjectRelationship, readonly Classification[]>> =
  {
    staff: ['harm_threshold', 'low_level_concern', 'conduct_breach'],
    governor: ['harm_threshold', 'low_level_concern', 'conduct_breach'],
    volunteer: ['harm_threshold', 'low_level_concern', 'conduct_breach'],
    contractor: ['harm_threshold', 'low_level_concern', 'conduct_breach'],
    agency: ['harm_threshold', 'low_level_concern', 'conduct_breach'],
    parent: ['online_abuse'],
    external: ['online_abuse'],
    unknown: ['online_abuse'],
    pupil: ['pupil_behaviour'],
  };

export function fits(classification: Classification, relationship: SubjectRelationship): boolean {
  return CLASSIFICATIONS_FOR[relationship].includes(classification);
}

/** The track a case follows. A classification that does not fit its subject has none (null). */
export function trackOf(
  classification: Classification | null,
  relationship: SubjectRelationship,
): Track | null {
  if (classification === null) return 'untriaged';
  if (!fits(classification, relationship)) return null;
  switch (classification) {
    case 'harm_threshold':
      return 'allegation';
    case 'conduct_breach':
      return relationship === 'staff' ? 'disciplinary' : 'conduct_other';
    case 'low_level_concern':
      return 'low_level_concern';
    case 'online_abuse':
      return 'online_abuse';
    case 'pupil_behaviour':
      return 'pupil_behaviour';
  }
}

/** Tracks whose outcome is a finding about a person who works with children. */
export const FINDING_TRACKS: readonly Track[] = ['allegation', 'disciplinary', 'conduct_other'];
/** Tracks whose outcome is the actions taken, never a finding or a sanction. */
export const ACTION_TRACKS: readonly Track[] = ['online_abuse', 'pupil_behaviour'];

/** The findings a track records, in the nation's own terms. */
export function findingsFor(track: Track, nation: Nation): readonly Finding[] {
  if (track === 'allegation') {
    // Wales: "deliberately invented or malicious" is one category (stored as `malicious`).
    return nation === 'wales' ? FINDINGS.filter((f) => f !== 'false') : FINDINGS;
  }
  if (track === 'disciplinary' || track === 'conduct_other')
    return ['substantiated', 'unsubstantiated', 'unfounded'];
  return [];
}

/** The outcomes that fit the person (DOMAIN.md §5): never an employee's warning for a volunteer. */
export function sanctionsFor(track: Track, relationship: SubjectRelationship): readonly Sanction[] {
  if (!FINDING_TRACKS.includes(track)) return [];
  switch (relationship) {
    case 'staff':
      return SANCTION_SEVERITY;
    case 'volunteer':
      return ['none', 'management_advice', 'stood_down'];
    case 'governor':
      return ['none', 'management_advice', 'referred_for_removal'];
    case 'contractor':
    case 'agency':
      return ['none', 'management_advice', 'reported_to_employer'];
    default:
      return [];
  }
}

/** Sanctions that only a hearing may give: formal warnings and dismissals (employees). */
export function needsHearing(sanction: Sanction): boolean {
  return (FORMAL_SANCTIONS as readonly Sanction[]).includes(sanction);
}

/** Closing after this needs a DBS referral decision (and TRA/EWC for teachers). */
export function endsWorkWithChildren(sanction: Sanction | null, resigned: boolean): boolean {
  return resigned || ENDS_WORK_WITH_CHILDREN.includes(sanction ?? 'none');
}

export function actionsFor(track: Track): readonly CaseAction[] {
  if (track === 'online_abuse') return ABUSE_ACTIONS;
  if (track === 'pupil_behaviour') return PUPIL_ACTIONS;
  return [];
}

/** Tracks with a disciplinary hearing (formal sanctions possible). */
export function hasHearing(track: Track, relationship: SubjectRelationship): boolean {
  return (track === 'allegation' || track === 'disciplinary') && relationship === 'staff';
}

/** A person who works with children, as KCSIE means it. */
export function worksWithChildren(relationship: SubjectRelationship): boolean {
  return WORKFORCE.includes(relationship);
}

/** The regulator told of a teacher barred from teaching: TRA in England, EWC in Wales. */
export function regulatorOf(nation: Nation): 'tra' | 'ewc' {
  return nation === 'wales' ? 'ewc' : 'tra';
}
