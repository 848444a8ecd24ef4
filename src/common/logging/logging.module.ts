import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AppConfig } from '../../config/app-config.js';
import { APP_LOGGER, createAppLogger } from './app-logger.js';

/** The one pino instance, shared by nestjs-pino and the access log in configureApp. */
@Module({
  providers: [{ provide: APP_LOGGER, inject: [AppConfig], useFactory: createAppLogger }],
  exports: [APP_LOGGER],
})
class AppLoggerModule {}

/**
 * JSON lines through pino. The access log middleware is mounted first thing in configureApp
 * (so static files and refused bodies get their line too); nestjs-pino then only binds each
 * request's logger (`useExisting`), so whatever Nest's Logger writes during a request carries
 * its requestId.
 */
@Global()
@Module({
  imports: [
    AppLoggerModule,
    LoggerModule.forRootAsync({
      imports: [AppLoggerModule],
      inject: [APP_LOGGER],
      useFactory: (logger: Logger) => ({ pinoHttp: { logger }, useExisting: true }),
    }),
  ],
  exports: [AppLoggerModule],
})
export class LoggingModule {}
