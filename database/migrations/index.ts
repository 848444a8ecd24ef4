import { Foundation1763700000000 } from './1763700000000-foundation.js';
import { Cases1763700100000 } from './1763700100000-cases.js';
import { Reminders1763700200000 } from './1763700200000-reminders.js';
import { IssuedDocuments1763700300000 } from './1763700300000-issued-documents.js';
import { CaseListIndexes1763700400000 } from './1763700400000-case-list-indexes.js';
import { CaseSearch1763700500000 } from './1763700500000-case-search.js';
import { DslRole1764600000000 } from './1764600000000-dsl-role.js';
import { Ownership1764600100000 } from './1764600100000-ownership.js';
import { CaseTracks1764600200000 } from './1764600200000-case-tracks.js';
import { PeopleAndSignIn1764700000000 } from './1764700000000-people-and-sign-in.js';
import { Disciplinary1764800000000 } from './1764800000000-disciplinary.js';
import { JobQueue1765000000000 } from './1765000000000-job-queue.js';
import { Records1765100000000 } from './1765100000000-records.js';
import { PolicyVersions1765200000000 } from './1765200000000-policy-versions.js';
import { EvidenceRenditions1765400000000 } from './1765400000000-evidence-renditions.js';
import { TermlyReports1765600000000 } from './1765600000000-termly-reports.js';
import { EvidenceText1765700000000 } from './1765700000000-evidence-text.js';
import { CaseMerges1765800000000 } from './1765800000000-case-merges.js';
import { SubjectAccess1765900000000 } from './1765900000000-subject-access.js';
import { EvidencePacks1766100000000 } from './1766100000000-evidence-packs.js';
import { CaseFileRenders1766700000000 } from './1766700000000-case-file-renders.js';
import { Languages1766200000000 } from './1766200000000-languages.js';
import { CaseReferenceSearch1766800000000 } from './1766800000000-case-reference-search.js';

/**
 * Every migration, in order. Listed explicitly (not globbed) so the app, the CLI and the
 * test runner load exactly the same classes. Never edit a shipped migration: add a new one.
 */
export const MIGRATIONS = [
  Foundation1763700000000,
  Cases1763700100000,
  Reminders1763700200000,
  IssuedDocuments1763700300000,
  CaseListIndexes1763700400000,
  CaseSearch1763700500000,
  DslRole1764600000000,
  Ownership1764600100000,
  CaseTracks1764600200000,
  PeopleAndSignIn1764700000000,
  Disciplinary1764800000000,
  JobQueue1765000000000,
  Records1765100000000,
  PolicyVersions1765200000000,
  EvidenceRenditions1765400000000,
  TermlyReports1765600000000,
  EvidenceText1765700000000,
  CaseMerges1765800000000,
  SubjectAccess1765900000000,
  EvidencePacks1766100000000,
  Languages1766200000000,
  CaseFileRenders1766700000000,
  CaseReferenceSearch1766800000000,
];
