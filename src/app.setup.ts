import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { join, relative, sep } from 'node:path';
import { createOpenApiDocument } from './app.openapi.js';
import { bodyShapeGuard } from './common/body-shape.middleware.js';
import { answerMalformedRequests } from './common/http/malformed-request.js';
import { accessLog, APP_LOGGER } from './common/logging/app-logger.js';
import { requestId } from './common/request-id.middleware.js';
import { AppConfig } from './config/app-config.js';
import { TemplateRenderer } from './platform/templates/template-renderer.js';
import { findTemplatesRoot } from './platform/templates/templates-root.js';
import { preSession } from './web/pre-session.middleware.js';

/** No inline or evaluated script anywhere; pages load one stylesheet and their own images. */
const STRICT_CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
};

/**
 * Everything about the HTTP stack that is not a provider. Shared by main.ts and the e2e tests,
 * so the tests exercise the same middleware a user's request meets.
 */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  app.set('trust proxy', config.trustProxy);
  answerMalformedRequests(app.getHttpServer());
  app.disable('x-powered-by');
  // Case pages and answers are never reused from a cache (see noStore), so no validator is
  // computed for them either: hashing every response body would buy nothing.
  app.set('etag', false);
  app.use(requestId);
  app.use(accessLog(app.get(APP_LOGGER)));
  app.use(noStore);
  // HSTS and upgrade-insecure-requests only where the app is reached over https: sent over a
  // school LAN's plain-http address they make the browser refuse it, or ask for https that is
  // not there, until the HSTS max-age runs out.
  const https = config.publicUrl.startsWith('https://');
  const csp = { ...STRICT_CSP, 'upgrade-insecure-requests': https ? [] : null };
  app.use(helmet({ contentSecurityPolicy: { directives: csp }, strictTransportSecurity: https }));
  // Swagger UI styles itself inline; only its pages get that allowance.
  app.use(
    '/api/docs',
    helmet.contentSecurityPolicy({
      directives: {
        ...csp,
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
      },
    }),
  );
  app.use(cookieParser());
  app.use(preSession(config.secureCookies));
  // Multipart bodies are not parsed here: the report intake streams them itself.
  app.use(express.json({ limit: '256kb' }));
  app.use(express.urlencoded({ extended: false, limit: '256kb' }));
  app.use(bodyShapeGuard);
  app.enableShutdownHooks();

  // Pages: @Render('x') resolves templates/web/x.hbs and is rendered by the same compile-once
  // renderer as the PDFs, so no template is ever compiled per request.
  const templates = app.get(TemplateRenderer);
  const root = findTemplatesRoot();
  app.engine('hbs', (file: string, model: object, done: (e: unknown, html?: string) => void) => {
    try {
      done(
        null,
        templates.render(
          `web/${relative(join(root, 'web'), file)
            .replace(/\.hbs$/, '')
            .split(sep)
            .join('/')}`,
          model,
        ),
      );
    } catch (error) {
      done(error);
    }
  });
  app.setBaseViewsDir(join(root, 'web'));
  app.setViewEngine('hbs');
  app.useStaticAssets(join(root, 'static'), { prefix: '/static/', index: false, maxAge: '1h' });
  // Browsers ask for /favicon.ico on every site whatever the page links, so it answers there too.
  const favicon = join(root, 'static', 'favicon.ico');
  const server = app.getHttpAdapter().getInstance() as express.Express;
  server.get('/favicon.ico', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.sendFile(favicon);
  });

  // Built on the first request for it, not at boot: scanning every controller and DTO was a
  // fifteenth of the start-up's CPU, for a document few processes are ever asked for.
  SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app, config), {
    jsonDocumentUrl: 'api/docs-json',
  });
}

/**
 * Allegations, names and evidence must not linger in a browser's or a proxy's cache: a staff-room
 * computer is shared. Only the stylesheet and images under /static/ (and the favicon) may be cached.
 */
function noStore(req: Request, res: Response, next: NextFunction): void {
  if (!req.path.startsWith('/static/') && req.path !== '/favicon.ico') {
    res.setHeader('Cache-Control', 'no-store');
  }
  next();
}
