import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { RequestWithActor } from '../common/decorators/current-actor.decorator.js';
import { ErrorPages, type ErrorBody } from '../common/filters/error-pages.js';
import { TemplateRenderer } from '../platform/templates/template-renderer.js';
import { PageContext } from './page-context.js';

const PAGE_WORDS: Record<number, { heading: string; message: string }> = {
  400: {
    heading: 'Something in the request was not right',
    message: 'Go back and check what you entered.',
  },
  403: {
    heading: 'You cannot do this',
    message: 'Your role does not allow this. If you think it should, ask your school.',
  },
  404: { heading: 'Page not found', message: 'There is nothing here, or it is not yours to see.' },
  409: {
    heading: 'Someone got there first',
    message: 'The case changed while you were looking at it. Go back and reload it.',
  },
  413: {
    heading: 'That is too large',
    message: 'A file or a field was larger than we accept (each file at most 10 MB).',
  },
  415: {
    heading: 'That type of file is not accepted',
    message: 'Attach PNG, JPEG, WebP or GIF screenshots, or PDF documents.',
  },
  429: { heading: 'Too many attempts', message: 'Wait a few minutes, then try again.' },
  500: {
    heading: 'Sorry, something went wrong',
    message: 'Nothing was lost: what you saved before is safe. Try again in a moment.',
  },
};

/** People using the pages get a page in plain words; a lapsed session goes back to sign-in. */
@Injectable()
export class WebErrorPages extends ErrorPages {
  constructor(
    private readonly templates: TemplateRenderer,
    private readonly pages: PageContext,
  ) {
    super();
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
    const words = PAGE_WORDS[body.statusCode] ?? PAGE_WORDS[500];
    const message = body.code === 'CSRF_REJECTED' ? String(body.message) : words.message;
    const model = {
      ...this.pages.base(request, words.heading),
      heading: words.heading,
      message,
      requestId: body.requestId ?? null,
    };
    response.status(body.statusCode).type('html').send(this.templates.render('web/error', model));
  }
}
