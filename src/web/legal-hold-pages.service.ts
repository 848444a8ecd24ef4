import { Injectable } from '@nestjs/common';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { validateDto } from '../common/validate-dto.js';
import { LegalHoldReasonDto } from '../records/dto/legal-hold.dto.js';
import { LegalHoldsService } from '../records/legal-holds.service.js';
import { CasePagesService, type Retype } from './case-pages.service.js';
import { formErrors } from './form-errors.js';
import type { PageResult } from './page-result.js';
import { languageOf } from './page-context.js';

/** The owner's legal-hold forms on the case page; a refusal shows the page again with it. */
@Injectable()
export class LegalHoldPagesService {
  constructor(
    private readonly holds: LegalHoldsService,
    private readonly casePages: CasePagesService,
  ) {}

  place(req: RequestWithActor, caseId: string, body: Record<string, unknown>) {
    return this.act(
      req,
      caseId,
      'legal_hold_placed',
      async () => {
        await this.holds.place(req.actor!, caseId, await validateDto(LegalHoldReasonDto, body));
      },
      {
        form: 'hold',
        values: body,
        labels: { reason: 'casePage.placeHold.reason' },
      },
    );
  }

  lift(req: RequestWithActor, caseId: string, holdId: string, body: Record<string, unknown>) {
    return this.act(req, caseId, 'legal_hold_lifted', async () => {
      await this.holds.lift(
        req.actor!,
        caseId,
        holdId,
        await validateDto(LegalHoldReasonDto, body),
      );
    });
  }

  private async act(
    req: RequestWithActor,
    caseId: string,
    done: string,
    action: () => Promise<void>,
    retype?: Retype,
  ): Promise<PageResult> {
    try {
      await action();
      return { redirect: `/cases/${caseId}?done=${done}` };
    } catch (error) {
      const errors = formErrors(
        error,
        ['reason'],
        this.casePages.formLabels(req, retype?.labels),
        languageOf(req),
      );
      if ((error as DomainException).status === 404) throw error;
      return {
        view: 'web/cases/show',
        model: await this.casePages.show(req, caseId, errors, undefined, retype),
        status: (error as DomainException).status,
      };
    }
  }
}
