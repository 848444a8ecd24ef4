import { CaseEvent } from '../src/cases/case-event.entity.js';
import { CaseRecord } from '../src/cases/case.entity.js';
import { CasePanelMember } from '../src/cases/case-panel-member.entity.js';
import { LegalHold } from '../src/cases/legal-hold.entity.js';
import { ReminderSent } from '../src/cases/reminder-sent.entity.js';
import { IssuedDocument } from '../src/documents/issued-document.entity.js';
import { IssuedReport } from '../src/documents/issued-report.entity.js';
import { EvidenceText } from '../src/cases/evidence-text.entity.js';
import { EvidenceItem } from '../src/cases/evidence-item.entity.js';
import { EvidenceRendition } from '../src/evidence/evidence-rendition.entity.js';
import { Notification } from '../src/notifications/notification.entity.js';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { AuthToken } from '../src/auth/tokens/auth-token.entity.js';
import {
  PasskeyCredential,
  RecoveryCode,
  TotpCredential,
} from '../src/auth/second-factor/second-factor.entities.js';
import { SchoolSignIn } from '../src/schools/school-sign-in.entity.js';
import { Session } from '../src/auth/session.entity.js';
import { PolicyClause } from '../src/schools/policy-clause.entity.js';
import { PolicyVersion } from '../src/schools/policy-version.entity.js';
import { PolicyAcknowledgement, PolicyReminderSent } from '../src/schools/policy-records.entity.js';
import { School } from '../src/schools/school.entity.js';
import { SchoolSettings } from '../src/schools/school-settings.entity.js';
import { Membership } from '../src/users/membership.entity.js';
import { User } from '../src/users/user.entity.js';
import { SubjectAccessExport } from '../src/documents/subject-access-export.entity.js';
import { CaseFileRender } from '../src/documents/case-file-render.entity.js';
import {
  SubjectAccessEvent,
  SubjectAccessReminder,
  SubjectAccessRequest,
} from '../src/records/subject-access.entities.js';

/** Every entity, listed explicitly for the same reason as the migrations. */
export const ENTITIES = [
  School,
  SchoolSettings,
  User,
  Membership,
  PolicyVersion,
  PolicyClause,
  PolicyReminderSent,
  PolicyAcknowledgement,
  Session,
  AuthToken,
  TotpCredential,
  RecoveryCode,
  PasskeyCredential,
  SchoolSignIn,
  AuditEntry,
  CaseRecord,
  CaseEvent,
  CasePanelMember,
  EvidenceItem,
  EvidenceRendition,
  Notification,
  ReminderSent,
  IssuedDocument,
  IssuedReport,
  EvidenceText,
  LegalHold,
  SubjectAccessRequest,
  SubjectAccessEvent,
  SubjectAccessReminder,
  SubjectAccessExport,
  CaseFileRender,
];
