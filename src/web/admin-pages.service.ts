import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { AuditFiguresService } from '../records/audit-figures.service.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { TransactionRunner } from '../common/database/transaction-runner.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { CLAUSE_CODE, type ClauseDraft, type PolicyApproval } from '../schools/policy-codes.js';
import { PolicyService } from '../schools/policy.service.js';
import { SchoolsService } from '../schools/schools.service.js';
import { UsersService } from '../users/users.service.js';
import { FormError, formErrors } from './form-errors.js';
import { languageOf, PageContext } from './page-context.js';
import { roleLabel } from './role-labels.js';
import { Translator } from '../platform/i18n/translator.js';
import { words } from '../platform/i18n/words.js';
import type { PageResult } from './page-result.js';

/** The admin's page: people and roles, the policy catalogue, the audit check. No case content. */
@Injectable()
export class AdminPagesService {
  constructor(
    private readonly users: UsersService,
    private readonly schools: SchoolsService,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly auditFigures: AuditFiguresService,
    private readonly transactions: TransactionRunner,
    private readonly pages: PageContext,
    private readonly words: Translator,
  ) {}

  async overview(
    req: RequestWithActor,
    extra: {
      errors?: FormError[];
      chain?: { ok: boolean; entries: number; firstBrokenSeq?: number } | null;
      draft?: Record<string, string>;
      approvalDraft?: Record<string, PolicyApproval>;
    } = {},
  ) {
    const actor = req.actor!;
    const lang = languageOf(req);
    const schools = await Promise.all(
      actor.schoolsWhere('admin').map(async (schoolId) => {
        const [school, members, policy] = await Promise.all([
          this.schools.findById(schoolId),
          this.users.membersOf(schoolId),
          this.schools.currentPolicy(schoolId),
        ]);
        const people = new Map<string, { name: string; email: string; roles: string[] }>();
        for (const m of members) {
          const person = people.get(m.id) ?? { name: m.name, email: m.email, roles: [] };
          person.roles.push(roleLabel(this.words, m.role, lang, school?.nation));
          people.set(m.id, person);
        }
        const catalogue = (policy?.clauses ?? []).map((c) => `${c.code} | ${c.title}`).join('\n');
        const approval = policy?.approval ?? null;
        return {
          id: schoolId,
          code: school?.code ?? '',
          name: school?.name ?? '',
          people: [...people.values()].map((p) => ({ ...p, roles: p.roles.join(', ') })),
          policyVersion: policy?.version ?? 0,
          clauses: policy?.clauses ?? [],
          catalogue: extra.draft?.[schoolId] ?? catalogue,
          approval,
          // A new version is approved anew: the form starts empty unless it is being shown again.
          approvalDraft: extra.approvalDraft?.[schoolId] ?? {
            approvedBy: '',
            approvedOn: '',
            reviewDue: '',
          },
        };
      }),
    );
    return {
      ...this.pages.base(req, this.words.t('admin.index.title', lang), '/admin'),
      errors: (extra.errors ?? []).map((e) => ({ text: e.text, href: e.href })),
      schools,
      chain: extra.chain ?? null,
    };
  }

  /** Publishing a catalogue makes a new version; cases keep the version they were reported under. */
  async publishPolicy(req: RequestWithActor, body: Record<string, unknown>): Promise<PageResult> {
    const actor = req.actor!;
    const schoolId = String(body.schoolId ?? '');
    const text = String(body.catalogue ?? '');
    const approval = {
      approvedBy: String(body.approvedBy ?? ''),
      approvedOn: String(body.approvedOn ?? ''),
      reviewDue: String(body.reviewDue ?? ''),
    };
    try {
      if (!actor.hasRole(schoolId, 'admin'))
        throw new DomainException(404, 'NOT_FOUND', 'School not found');
      await this.policy.publish(
        actor,
        schoolId,
        parseCatalogue(text, (key, args) => this.words.t(key, languageOf(req), args)),
        approval,
      );
      return { redirect: '/admin?done=policy' };
    } catch (error) {
      const errors = formErrors(
        error,
        ['catalogue', 'approvedBy', 'approvedOn', 'reviewDue'],
        {},
        languageOf(req),
      );
      return {
        view: 'web/admin/index',
        model: await this.overview(req, {
          errors,
          draft: { [schoolId]: text },
          approvalDraft: { [schoolId]: approval },
        }),
        status: 400,
      };
    }
  }

  async checkChain(req: RequestWithActor) {
    return this.overview(req, { chain: await this.auditFigures.verify(req.actor!) });
  }
}

/** The catalogue's words in English, for a caller with no page (and the unit tests). */
const english = (key: string, args?: Record<string, unknown>) => words.t(key, 'en', args);

/**
 * One clause per line, "CODE | title"; a line with no code ("| title" or just the title) is a
 * new clause, given the next free code when published.
 */
export function parseCatalogue(
  text: string,
  say: (key: string, args?: Record<string, unknown>) => string = english,
): ClauseDraft[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const clauses = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i) => {
      const [code, ...rest] = line.includes('|') ? line.split('|') : ['', line];
      const clause = {
        code: (code ?? '').trim().toUpperCase() || null,
        title: rest.join('|').trim(),
      };
      if (clause.code !== null && !CLAUSE_CODE.test(clause.code))
        problems.push(say('admin.catalogue.badCode', { line: i + 1 }));
      if (clause.title.length < 3 || clause.title.length > 300)
        problems.push(say('admin.catalogue.badTitle', { line: i + 1 }));
      if (clause.code !== null && seen.has(clause.code))
        problems.push(say('admin.catalogue.twice', { line: i + 1, code: clause.code }));
      if (clause.code !== null) seen.add(clause.code);
      return clause;
    });
  if (clauses.length === 0) problems.push(say('admin.catalogue.empty'));
  if (problems.length > 0) throw new DomainException(400, 'POLICY_INVALID', problems);
  return clauses;
}
