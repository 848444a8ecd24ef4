import { Injectable } from '@nestjs/common';
import { AccountLinksService, type AccountLink } from '../auth/account-links.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Actor } from '../common/actor.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { SchoolSignInService } from '../schools/school-sign-in.service.js';
import type { Role } from '../common/role.js';
import { NO_PASSWORD, UsersService } from '../users/users.service.js';
import { ImportResponse, ImportRowResponse } from './dto/people.dto.js';
import { readPeopleCsv } from './people-csv.js';
import { requireAdmin } from './people.service.js';

/**
 * Imports people from a CSV exported from the school's MIS. A preview says what each row would
 * do (or why it cannot), writing nothing; the import itself is all or nothing, in one
 * transaction, and importing the same file again changes nothing. Names of existing accounts
 * are left as they are: an import adds people and roles, it does not rename anyone.
 */
@Injectable()
export class PeopleImportService {
  constructor(
    private readonly users: UsersService,
    private readonly links: AccountLinksService,
    private readonly signIn: SchoolSignInService,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  async run(actor: Actor, schoolId: string, csv: string, dryRun: boolean): Promise<ImportResponse> {
    requireAdmin(actor, schoolId);
    const rows = readPeopleCsv(csv);
    if (dryRun) return summarise(await this.plan(schoolId, rows), true, 0);
    const invites = !(await this.signIn.usesProvider(schoolId));
    const { items, links } = await this.transactions.run(async (em) => {
      // Planned again inside the transaction: what the preview saw may have changed since.
      const planned = await this.plan(schoolId, rows, em);
      const rejected = planned.filter((p) => p.outcome === 'rejected');
      if (rejected.length > 0) {
        const error = new DomainException(
          400,
          'PEOPLE_IMPORT_REJECTED',
          `${rejected.length} of ${planned.length} rows cannot be imported; nothing was imported`,
        );
        error.extra = { items: rejected };
        throw error;
      }
      const sent: AccountLink[] = [];
      for (const item of planned) {
        if (item.outcome === 'unchanged') continue;
        const role = item.role as Role;
        let userId = item.userId;
        if (item.outcome === 'create') {
          const user = await this.users.create(em, {
            email: item.email,
            name: item.name,
            passwordHash: NO_PASSWORD,
          });
          userId = user.id;
          if (invites) sent.push(await this.links.issue(em, user, 'invitation'));
        }
        await this.users.grant(em, userId!, schoolId, role);
        await this.audit.append(em, {
          actorId: actor.userId,
          action: item.outcome === 'create' ? 'people.added' : 'people.roles_added',
          targetType: 'user',
          targetId: userId!,
          schoolId,
          detail: { roles: [role], via: 'import' },
        });
      }
      await this.audit.append(em, {
        actorId: actor.userId,
        action: 'people.imported',
        targetType: 'school',
        targetId: schoolId,
        schoolId,
        detail: {
          rows: planned.length,
          created: planned.filter((p) => p.outcome === 'create').length,
          rolesAdded: planned.filter((p) => p.outcome === 'add_role').length,
        },
      });
      return { items: planned, links: sent };
    });
    return summarise(items, false, links.length);
  }

  private async plan(
    schoolId: string,
    rows: ReturnType<typeof readPeopleCsv>,
    em?: Parameters<UsersService['rolesIn']>[1],
  ): Promise<(ImportRowResponse & { userId?: string })[]> {
    const [accounts, held] = await Promise.all([
      this.users.findManyByEmail(rows.map((r) => r.email).filter(Boolean), em),
      this.users.rolesIn(schoolId, em),
    ]);
    return rows.map((row) => {
      const base = { row: row.row, email: row.email, name: row.name, role: row.role };
      if (row.reasons.length > 0)
        return { ...base, outcome: 'rejected' as const, reasons: row.reasons };
      const account = accounts.get(row.email);
      if (!account) return { ...base, outcome: 'create' as const, reasons: [] };
      if (account.disabledAt) {
        return {
          ...base,
          outcome: 'rejected' as const,
          reasons: ['this person was deactivated; reactivate them on the People page first'],
        };
      }
      const outcome = held.has(`${account.id}:${row.role}`)
        ? ('unchanged' as const)
        : ('add_role' as const);
      return { ...base, outcome, reasons: [], userId: account.id };
    });
  }
}

function summarise(
  items: (ImportRowResponse & { userId?: string })[],
  dryRun: boolean,
  invited: number,
): ImportResponse {
  const count = (o: ImportRowResponse['outcome']) => items.filter((i) => i.outcome === o).length;
  return {
    dryRun,
    rows: items.length,
    create: count('create'),
    addRole: count('add_role'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    invited,
    items: items.map(({ userId: _userId, ...item }) => item),
  };
}
