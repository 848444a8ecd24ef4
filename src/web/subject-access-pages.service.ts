import { Injectable } from '@nestjs/common';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { validateDto } from '../common/validate-dto.js';
import { formatLondon } from '../platform/templates/template-renderer.js';
import { CreateSubjectAccessRequestDto } from '../records/dto/subject-access.dto.js';
import { SubjectAccessService } from '../records/subject-access.service.js';
import { SchoolsService } from '../schools/schools.service.js';
import { UsersService } from '../users/users.service.js';
import { errorFor, FormError, formErrors } from './form-errors.js';
import { languageOf, PageContext } from './page-context.js';
import { Translator } from '../platform/i18n/translator.js';
import type { Language } from '../common/language.js';
import type { PageResult } from './page-result.js';

const FIELDS = [
  'requesterName',
  'requesterContact',
  'personUserId',
  'personName',
  'aboutHeadteacher',
  'receivedOn',
] as const;

const day = (date: string | null, lang: Language) =>
  date ? formatLondon(`${date}T12:00:00.000Z`, 'date', lang) : null;

/**
 * The admin's page for the register: the requests with their dates, and a form to record one.
 * Extensions and everything about the export are the API's (the export is case content).
 */
@Injectable()
export class SubjectAccessPagesService {
  constructor(
    private readonly requests: SubjectAccessService,
    private readonly schools: SchoolsService,
    private readonly users: UsersService,
    private readonly pages: PageContext,
    private readonly words: Translator,
  ) {}

  async show(
    req: RequestWithActor,
    schoolId: string,
    errors: FormError[] = [],
    typed: Record<string, string> = {},
  ) {
    const register = await this.requests.list(req.actor!, schoolId);
    const school = await this.schools.findById(schoolId);
    const people = await this.users.directory(schoolId);
    const lang = languageOf(req);
    return {
      ...this.pages.base(
        req,
        this.words.t('adminSubjectAccess.title', lang, { school: school?.name ?? '' }),
        '/admin',
      ),
      school: { id: schoolId, name: school?.name ?? '', code: school?.code ?? '' },
      errors: errors.map((e) => ({ text: e.text, href: e.href })),
      fieldErrors: Object.fromEntries(FIELDS.map((f) => [f, errorFor(errors, f)])),
      form: {
        ...Object.fromEntries(FIELDS.map((f) => [f, typed[f] ?? ''])),
        aboutHead: typed.aboutHeadteacher === 'true',
      },
      people: people.map((p) => ({ ...p, selected: p.id === typed.personUserId })),
      requests: register.map((r) => ({
        personName: r.personName,
        requesterName: r.requesterName,
        receivedOn: day(r.receivedOn, lang),
        dueOn: day(r.dueOn, lang),
        extended: r.dueOn !== r.originalDueOn ? day(r.originalDueOn, lang) : null,
        answeredOn: day(r.answeredOn, lang),
        overdue: r.overdue,
        reviewer: this.words.t(
          r.reviewerRole === 'chair_of_governors'
            ? 'adminSubjectAccess.theChair'
            : 'adminSubjectAccess.theHead',
          lang,
        ),
      })),
    };
  }

  async record(
    req: RequestWithActor,
    schoolId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    const typed: Record<string, string> = Object.fromEntries(
      FIELDS.map((f) => [f, String(body[f] ?? '').trim()]),
    );
    try {
      const filled = Object.fromEntries(Object.entries(typed).filter(([, v]) => v !== ''));
      const dto = await validateDto(CreateSubjectAccessRequestDto, {
        ...filled,
        schoolId,
        // An unticked box sends nothing: that means no.
        aboutHeadteacher: typed.aboutHeadteacher === 'true',
      });
      await this.requests.create(req.actor!, dto);
      return { redirect: `/admin/schools/${schoolId}/subject-access?done=sar_recorded` };
    } catch (error) {
      // The school, or a person the picker never offered: not a form mistake.
      if (error instanceof DomainException && error.status === 404) throw error;
      return {
        view: 'web/admin/subject-access',
        model: await this.show(
          req,
          schoolId,
          formErrors(error, FIELDS, {}, languageOf(req)),
          typed,
        ),
        status: error instanceof DomainException ? error.status : 400,
      };
    }
  }
}
