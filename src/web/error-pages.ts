import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { ErrorPages, type ErrorBody } from '../common/filters/error-pages.js';
import { TemplateRenderer } from '../platform/templates/template-renderer.js';
import { Translator } from '../platform/i18n/translator.js';
import { languageOf, PageContext } from './page-context.js';

/** The statuses with their own heading and message (errors.page.<status> in the catalogue). */
const PAGE_STATUSES = new Set([400, 403, 404, 409, 413, 415, 429, 500]);

/** People using the pages get a page in plain words; a lapsed session goes back to sign-in. */
@Injectable()
export class WebErrorPages extends ErrorPages {
  constructor(
    private readonly templates: TemplateRenderer,
    private readonly pages: PageContext,
    private readonly words: Translator,
  ) {
    super();
    this.translate = (key, lang, args) => this.words.t(key, lang, args);
  }

  render(request: RequestWithActor, response: Response, body: ErrorBody): void {
    if (body.statusCode === 401) {
      const next =
        request.method === 'GET' ? `?next=${encodeURIComponent(request.originalUrl)}` : '';
      response.redirect(303, `/login${next}`);
      return;
    }
    if (body.code === 'AUTH_SECOND_FACTOR_ENROLMENT_REQUIRED') {
      response.redirect(303, '/account/second-factor');
      return;
    }
    const lang = languageOf(request);
    const status = PAGE_STATUSES.has(body.statusCode) ? body.statusCode : 500;
    const heading = this.words.t(`errors.page.${status}.heading`, lang);
    const message =
      body.code === 'CSRF_REJECTED'
        ? this.words.t('errors.csrf', lang)
        : this.words.t(`errors.page.${status}.message`, lang);
    const model = {
      ...this.pages.base(request, heading),
      heading,
      message,
      requestId: body.requestId ?? null,
    };
    response.status(body.statusCode).type('html').send(this.templates.render('web/error', model));
  }
}
