import type {
  AppealResult,
  CaseStatus,
  Classification,
  Finding,
  Sanction,
} from './case-workflow.types.js';

/** Words shown to people (pages, PDFs, mail); the codes are for machines and the database. */
export const labels: {
  readonly status: Readonly<Record<CaseStatus, string>>;
  readonly classification: Readonly<Record<Classification, string>>;
  readonly finding: Readonly<Record<Finding, string>>;
  readonly sanction: Readonly<Record<Sanction, string>>;
  readonly appealResult: Readonly<Record<AppealResult, string>>;
} = {
  status: {
    reported: 'Reported',
    investigating: 'Investigating',
    hr_advice: 'HR advice',
    outcome: 'Outcome',
    appeal: 'Appeal',
    closed: 'Closed',
  },
  classification: {
    harm_threshold: 'Harm threshold (allegation)',
    low_level_concern: 'Low-level concern',
    conduct_breach: 'Conduct breach',
    online_abuse: 'Online abuse',
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
  },
  appealResult: {
    upheld: 'Upheld',
    varied: 'Varied',
    overturned: 'Overturned',
  },
};
