import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express from 'express';
import helmet from 'helmet';
import { requestId } from './common/request-id.middleware.js';
import { AppConfig } from './config/app-config.js';

/**
 * Everything about the HTTP stack that is not a provider. Shared by main.ts and the e2e tests,
 * so the tests exercise the same middleware a user's request meets.
 */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(requestId);
  app.use(helmet());
  app.use(cookieParser());
  // Multipart bodies are not parsed here: the report intake streams them itself.
  app.use(express.json({ limit: '256kb' }));
  app.use(express.urlencoded({ extended: false, limit: '256kb' }));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('School social-media case tracker')
      .setDescription(
        'Reports of social-media policy breaches and online abuse, and their investigation',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
