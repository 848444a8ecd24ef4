import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, checkProcessEnvironment } from './config/app-config.js';

async function bootstrap(): Promise<void> {
  checkProcessEnvironment();
  // Imported after the check, since defining the module graph validates the environment too.
  const { AppModule } = await import('./app.module.js');
  const { configureApp } = await import('./app.setup.js');
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    // Held until LOG_LEVEL is applied below.
    bufferLogs: true,
    // Let boot errors reach the catch below instead of Nest printing and exiting on its own.
    abortOnError: false,
  });
  const config = app.get(AppConfig);
  app.useLogger(logLevels(config.logLevel));
  configureApp(app);
  await app.listen(config.port);
  new Logger('Bootstrap').log(
    `Listening on ${config.publicUrl} (${config.isPostgres ? 'PostgreSQL' : `SQLite at ${config.sqlitePath}`})`,
  );
}

function logLevels(level: 'error' | 'warn' | 'log' | 'debug'): LogLevel[] {
  const order: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug'];
  return order.slice(0, order.indexOf(level) + 1);
}

bootstrap().catch((error: unknown) => {
  const isConfig = error instanceof Error && error.name === 'ConfigurationError';
  console.error(isConfig ? error.message : error);
  process.exit(1);
});
