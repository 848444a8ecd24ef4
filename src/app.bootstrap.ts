import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppConfig, checkProcessEnvironment } from './config/app-config.js';

/** Starts the HTTP app (main.ts imports this once the compile cache is on). */
async function bootstrap(): Promise<void> {
  checkProcessEnvironment();
  // Imported after the check, since defining the module graph validates the environment too.
  const { AppModule } = await import('./app.module.js');
  const { configureApp } = await import('./app.setup.js');
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    // Held until the JSON logger (at LOG_LEVEL) takes over below.
    bufferLogs: true,
    // Let boot errors reach the catch below instead of Nest printing and exiting on its own.
    abortOnError: false,
  });
  const config = app.get(AppConfig);
  app.useLogger(app.get(PinoLogger));
  configureApp(app);
  await app.listen(config.port);
  new Logger('Bootstrap').log(
    `Listening on ${config.publicUrl} (${config.isPostgres ? 'PostgreSQL' : `SQLite at ${config.sqlitePath}`})`,
  );
}

bootstrap().catch((error: unknown) => {
  const isConfig = error instanceof Error && error.name === 'ConfigurationError';
  console.error(isConfig ? error.message : error);
  process.exit(1);
});
