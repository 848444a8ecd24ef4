import { Injectable } from '@nestjs/common';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { DomainException, NotFoundDomainException } from '../common/errors/domain.exception.js';
import { validateDto } from '../common/validate-dto.js';
import { SchoolSignInDto } from '../schools/dto/school-sign-in.dto.js';
import { SchoolSignInService } from '../schools/school-sign-in.service.js';
import { SchoolsService } from '../schools/schools.service.js';
import { AddPersonDto, SchoolPersonResponse } from '../people/dto/people.dto.js';
import { PeopleImportService } from '../people/people-import.service.js';
import { ADMIN_GRANTABLE, PeopleService } from '../people/people.service.js';
import type { Role } from '../common/role.js';
import { roleLabel } from './role-labels.js';
import { Translator } from '../platform/i18n/translator.js';
import type { Language } from '../common/language.js';
import type { Nation } from '../common/nation.js';
import { FormError, formErrors } from './form-errors.js';
import { languageOf, PageContext } from './page-context.js';
import type { PageResult } from './page-result.js';

/** The admin's people, import and sign-in pages: view models over the people services. */
@Injectable()
export class PeoplePagesService {
  constructor(
    private readonly people: PeopleService,
    private readonly imports: PeopleImportService,
    private readonly signIn: SchoolSignInService,
    private readonly schools: SchoolsService,
    private readonly pages: PageContext,
    private readonly words: Translator,
  ) {}

  async list(
    req: RequestWithActor,
    schoolId: string,
    extra: { errors?: FormError[]; draft?: { email: string; name: string; roles: string[] } } = {},
  ) {
    const school = await this.school(req, schoolId);
    const people = await this.people.list(req.actor!, schoolId);
    const errors = extra.errors ?? [];
    const draftRoles = extra.draft?.roles ?? ['staff'];
    const lang = languageOf(req);
    return {
      ...this.pages.base(
        req,
        this.words.t('adminPeople.list.title', lang, { code: school.code }),
        '/admin',
      ),
      school,
      usesProvider: await this.signIn.usesProvider(schoolId),
      errors: errors.map((e) => ({ text: e.text, href: e.href })),
      addErrors: {
        email: errors.find((e) => e.field === 'email')?.text ?? null,
        name: errors.find((e) => e.field === 'name')?.text ?? null,
      },
      draft: extra.draft ?? { email: '', name: '' },
      roleChoices: ADMIN_GRANTABLE.map((r) => ({
        value: r,
        label: roleLabel(this.words, r, lang, school.nation),
        checked: draftRoles.includes(r),
      })),
      people: people.map((p) => this.view(p, lang, school.nation)),
    };
  }

  async add(
    req: RequestWithActor,
    schoolId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    const draft = {
      email: String(body.email ?? ''),
      name: String(body.name ?? ''),
      roles: listOf(body.roles),
    };
    try {
      const dto = await validateDto(AddPersonDto, draft);
      await this.people.add(req.actor!, schoolId, dto);
      return { redirect: `/admin/schools/${schoolId}/people?done=person_added` };
    } catch (error) {
      const errors = formErrors(error, ['email', 'name', 'roles'], {}, languageOf(req));
      return {
        view: 'web/admin/people',
        model: await this.list(req, schoolId, { errors, draft }),
        status: error instanceof DomainException ? error.status : 400,
      };
    }
  }

  async person(req: RequestWithActor, schoolId: string, userId: string, errors: FormError[] = []) {
    const school = await this.school(req, schoolId);
    const person = (await this.people.list(req.actor!, schoolId)).find((p) => p.id === userId);
    if (!person) throw new NotFoundDomainException('Person');
    const lang = languageOf(req);
    return {
      ...this.pages.base(req, person.name, '/admin'),
      school,
      person: this.view(person, lang, school.nation),
      errors: errors.map((e) => ({ text: e.text, href: e.href })),
      roleChoices: ADMIN_GRANTABLE.map((r) => ({
        value: r,
        label: roleLabel(this.words, r, lang, school.nation),
        checked: person.roles.includes(r),
      })),
    };
  }

  async setRoles(
    req: RequestWithActor,
    schoolId: string,
    userId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    try {
      await this.people.setRoles(req.actor!, schoolId, userId, listOf(body.roles) as Role[]);
      return { redirect: `/admin/schools/${schoolId}/people?done=roles_changed` };
    } catch (error) {
      const errors = formErrors(error, ['roles'], {}, languageOf(req));
      return {
        view: 'web/admin/person',
        model: await this.person(req, schoolId, userId, errors),
        status: 400,
      };
    }
  }

  async deactivate(
    req: RequestWithActor,
    schoolId: string,
    userId: string,
    active: boolean,
  ): Promise<PageResult> {
    try {
      if (active) await this.people.reactivate(req.actor!, schoolId, userId);
      else await this.people.deactivate(req.actor!, schoolId, userId);
      return {
        redirect: `/admin/schools/${schoolId}/people?done=${active ? 'reactivated' : 'deactivated'}`,
      };
    } catch (error) {
      const errors = formErrors(error, [], {}, languageOf(req));
      return {
        view: 'web/admin/person',
        model: await this.person(req, schoolId, userId, errors),
        status: 409,
      };
    }
  }

  /** A file to check (preview), or the checked text to import (action=apply). */
  async import(
    req: RequestWithActor,
    schoolId: string,
    body: Record<string, string>,
  ): Promise<PageResult> {
    const school = await this.school(req, schoolId);
    const apply = body.action === 'apply';
    try {
      const result = await this.imports.run(req.actor!, schoolId, body.csv ?? '', !apply);
      if (apply) {
        return { redirect: `/admin/schools/${schoolId}/people?done=imported` };
      }
      const rejectedRows = result.items
        .filter((i) => i.outcome === 'rejected')
        .map((i) => ({ row: i.row, email: i.email, reasons: i.reasons.join('; ') }));
      const changes = result.create + result.addRole;
      const lang = languageOf(req);
      return {
        view: 'web/admin/import-preview',
        model: {
          ...this.pages.base(req, this.words.t('adminPeople.import.title', lang), '/admin'),
          school,
          ...result,
          rejectedRows,
          csv: body.csv,
          applyLabel:
            changes === 0
              ? this.words.t('adminPeople.import.nothing', lang)
              : this.words.t('adminPeople.import.apply', lang, { count: changes }),
        },
      };
    } catch (error) {
      const errors = formErrors(error, [], {}, languageOf(req));
      return {
        view: 'web/admin/people',
        model: await this.list(req, schoolId, { errors }),
        status: 400,
      };
    }
  }

  async signInSettings(
    req: RequestWithActor,
    schoolId: string,
    errors: FormError[] = [],
    draft?: Record<string, unknown>,
  ) {
    const school = await this.school(req, schoolId);
    const stored = await this.signIn.settings(req.actor!, schoolId);
    const form = draft
      ? {
          ...stored,
          ...draft,
          enabled: draft.enabled === 'true',
          staffForUnknownPeople: draft.staffForUnknownPeople === 'true',
        }
      : { ...stored, allowedDomains: stored.allowedDomains.join(', ') };
    return {
      ...this.pages.base(
        req,
        this.words.t('adminPeople.signIn.title', languageOf(req), { code: school.code }),
        '/admin',
      ),
      school,
      form,
      errors: errors.map((e) => ({ text: e.text, href: e.href })),
    };
  }

  async saveSignIn(
    req: RequestWithActor,
    schoolId: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    try {
      const dto = await validateDto(SchoolSignInDto, {
        enabled: body.enabled === 'true',
        issuer: String(body.issuer ?? ''),
        clientId: String(body.clientId ?? ''),
        ...(body.clientSecret ? { clientSecret: String(body.clientSecret) } : {}),
        allowedDomains: String(body.allowedDomains ?? '').split(','),
        staffForUnknownPeople: body.staffForUnknownPeople === 'true',
      });
      await this.signIn.update(req.actor!, schoolId, dto);
      return { redirect: `/admin/schools/${schoolId}/sign-in?done=sign_in_saved` };
    } catch (error) {
      const errors = formErrors(
        error,
        ['issuer', 'clientId', 'clientSecret', 'allowedDomains'],
        {},
        languageOf(req),
      );
      // The secret is never sent back into the page, even the one just typed.
      const draft = { ...body, clientSecret: undefined };
      return {
        view: 'web/admin/sign-in',
        model: await this.signInSettings(req, schoolId, errors, draft),
        status: 400,
      };
    }
  }

  private async school(req: RequestWithActor, schoolId: string) {
    if (!req.actor!.hasRole(schoolId, 'admin')) throw new NotFoundDomainException('School');
    const school = await this.schools.findById(schoolId);
    if (!school) throw new NotFoundDomainException('School');
    return { id: school.id, code: school.code, name: school.name, nation: school.nation };
  }

  private view(p: SchoolPersonResponse, lang: Language, nation: Nation) {
    const status = !p.active ? 'deactivated' : p.hasPassword ? 'active' : 'invited';
    return {
      id: p.id,
      name: p.name,
      email: p.email,
      active: p.active,
      roles: p.roles.map((r) => roleLabel(this.words, r, lang, nation)).join(', '),
      status: this.words.t(`adminPeople.status.${status}`, lang),
    };
  }
}

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' && value ? [value] : [];
}
