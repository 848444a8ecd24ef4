import { Injectable } from '@nestjs/common';
import { SchoolSettingsDto, SETTING_WORDS } from '../cases/dto/school-settings.dto.js';
import { SchoolSettingsService } from '../cases/school-settings.service.js';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { validateDto } from '../common/validate-dto.js';
import { SchoolsService } from '../schools/schools.service.js';
import { errorFor, FormError, formErrors } from './form-errors.js';
import { languageOf, PageContext } from './page-context.js';
import { Translator } from '../platform/i18n/translator.js';
import type { PageResult } from './page-result.js';

const FIELDS = [
  'nation',
  'language',
  'noticeWorkingDays',
  'appealWindowWorkingDays',
  'firstWarningMonths',
  'finalWarningMonths',
  'dismissalByPanel',
  'llcPatternMonths',
  'closureDays',
  'retentionConductYears',
  'retentionOnlineAbuseYears',
  'retentionPupilBehaviourYears',
] as const;

/** The admin's page for a school's procedural rules; what is typed stays after a refusal. */
@Injectable()
export class SettingsPagesService {
  constructor(
    private readonly settings: SchoolSettingsService,
    private readonly schools: SchoolsService,
    private readonly pages: PageContext,
    private readonly words: Translator,
  ) {}

  async show(
    req: RequestWithActor,
    schoolId: string,
    errors: FormError[] = [],
    typed?: Record<string, string>,
  ) {
    const current = await this.settings.get(req.actor!, schoolId);
    const school = await this.schools.findById(schoolId);
    const form: Record<string, string> = typed ?? {
      nation: current.nation,
      language: current.language,
      noticeWorkingDays: String(current.noticeWorkingDays),
      appealWindowWorkingDays: String(current.appealWindowWorkingDays),
      firstWarningMonths: String(current.firstWarningMonths),
      finalWarningMonths: String(current.finalWarningMonths),
      dismissalByPanel: current.dismissalByPanel ? 'true' : 'false',
      llcPatternMonths: String(current.llcPatternMonths),
      closureDays: current.closureDays.join('\n'),
      retentionConductYears: String(current.retentionConductYears),
      retentionOnlineAbuseYears: String(current.retentionOnlineAbuseYears),
      retentionPupilBehaviourYears: String(current.retentionPupilBehaviourYears),
    };
    return {
      ...this.pages.base(
        req,
        this.words.t('adminSettings.title', languageOf(req), { school: school?.name ?? '' }),
        '/admin',
      ),
      school: { id: schoolId, name: school?.name ?? '', code: school?.code ?? '' },
      errors: errors.map((e) => ({ text: e.text, href: e.href })),
      fieldErrors: Object.fromEntries(FIELDS.map((f) => [f, errorFor(errors, f)])),
      form: {
        ...form,
        wales: form.nation === 'wales',
        welsh: form.language === 'cy',
        byPanel: form.dismissalByPanel === 'true',
      },
      customised: current.customised,
    };
  }

  async save(
    req: RequestWithActor,
    schoolId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    const typed: Record<string, string> = Object.fromEntries(
      FIELDS.map((f) => [f, String(body[f] ?? '').trim()]),
    );
    // An unticked box sends nothing: that means no.
    typed.dismissalByPanel = typed.dismissalByPanel === 'true' ? 'true' : 'false';
    try {
      // A retention box left empty keeps the school's current schedule.
      const filled = Object.fromEntries(Object.entries(typed).filter(([, v]) => v !== ''));
      const dto = await validateDto(SchoolSettingsDto, {
        ...filled,
        closureDays: typed.closureDays
          .split(/[\s,]+/)
          .map((d) => d.trim())
          .filter(Boolean),
      });
      await this.settings.update(req.actor!, schoolId, dto);
      return { redirect: `/admin/schools/${schoolId}/settings?done=settings_saved` };
    } catch (error) {
      // The messages open with each setting's words (SETTING_WORDS), which place them.
      const errors = formErrors(error, FIELDS, {}, languageOf(req)).map((e) => {
        const field =
          FIELDS.find((f) => (e.raised ?? e.text).startsWith(SETTING_WORDS[f])) ?? e.field;
        return { ...e, field, href: field ? `#${field}` : e.href };
      });
      if (error instanceof DomainException && error.status === 404) throw error;
      return {
        view: 'web/admin/settings',
        model: await this.show(req, schoolId, errors, typed),
        status: error instanceof DomainException ? error.status : 400,
      };
    }
  }
}
