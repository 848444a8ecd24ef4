import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { PolicyAcknowledgements } from '../people/policy-acknowledgements.service.js';
import { formatLondon } from '../platform/templates/template-renderer.js';
import { SchoolsService } from '../schools/schools.service.js';
import { safeNext } from './safe-next.js';
import { Translator } from '../platform/i18n/translator.js';
import { homeFor, languageOf, PageContext } from './page-context.js';
import type { PageResult } from './page-result.js';

/**
 * Staff read and acknowledge each new version of the school's policy: after signing in they are
 * sent here until they have (API clients are not: they acknowledge through the API when they
 * choose). The head sees who has not.
 */
@Injectable()
export class AcknowledgementPagesService {
  constructor(
    private readonly acknowledgements: PolicyAcknowledgements,
    private readonly schools: SchoolsService,
    private readonly pages: PageContext,
    private readonly words: Translator,
  ) {}

  /** Where a person goes after signing in: the policy to acknowledge first, if there is one. */
  async afterSignIn(actor: Actor, destination: string): Promise<string> {
    if ((await this.acknowledgements.pending(actor)).length === 0) return destination;
    return `/policy/acknowledge?next=${encodeURIComponent(destination)}`;
  }

  async acknowledgePage(req: RequestWithActor) {
    const pending = await this.acknowledgements.pending(req.actor!);
    const policies = await Promise.all(
      pending.map(async (p) => ({
        ...p,
        clauses: (await this.schools.clausesWithText(p.policyVersionId)).map((c) => ({
          ...c,
          text: c.text ?? '',
        })),
      })),
    );
    return {
      ...this.pages.base(req, this.words.t('policy.acknowledge.title', languageOf(req))),
      policies,
      next: safeNext(req.query.next),
    };
  }

  async acknowledge(req: RequestWithActor, body: Record<string, unknown>): Promise<PageResult> {
    const next = safeNext(body.next);
    const again = `/policy/acknowledge${next ? `?next=${encodeURIComponent(next)}` : ''}`;
    try {
      await this.acknowledgements.acknowledge(
        req.actor!,
        String(body.schoolId ?? ''),
        Number(body.version),
      );
    } catch (error) {
      // A newer version was published while it was being read: show the page again with it.
      if (error instanceof DomainException && error.code === 'POLICY_NOT_CURRENT')
        return { redirect: again };
      throw error;
    }
    if ((await this.acknowledgements.pending(req.actor!)).length > 0) return { redirect: again };
    const home = next || homeFor(req.actor!);
    return { redirect: `${home}${home.includes('?') ? '&' : '?'}done=acknowledged` };
  }

  /** For the head of each of their schools: who has not acknowledged the version in force. */
  async statusPage(req: RequestWithActor) {
    const actor = req.actor!;
    const lang = languageOf(req);
    const schools = await Promise.all(
      actor.schoolsWhere('headteacher').map(async (schoolId) => {
        const [school, status] = await Promise.all([
          this.schools.findById(schoolId),
          this.acknowledgements.status(actor, schoolId),
        ]);
        return {
          name: school?.name ?? '',
          code: school?.code ?? '',
          version: status?.version ?? null,
          outstanding: status?.outstanding ?? [],
          acknowledged: (status?.acknowledged ?? []).map((p) => ({
            name: p.name,
            at: formatLondon(p.acknowledgedAt, 'datetime', lang),
          })),
        };
      }),
    );
    return {
      ...this.pages.base(
        req,
        this.words.t('policy.acknowledgements.title', lang),
        '/policy/acknowledgements',
      ),
      schools,
    };
  }
}
