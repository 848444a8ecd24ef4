import { Logger as NestLogger } from '@nestjs/common';
import type { Logger, QueryRunner } from 'typeorm';

/**
 * TypeORM's own loggers print a failed query with its parameters, which can be a report's text,
 * a pupil's name or an email address. This one logs the error and the statement only
 * (statements are parameterised, so they carry no values).
 */
export class SafeQueryLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {
    // Successful queries are not logged.
  }

  logQueryError(
    error: string | Error,
    query: string,
    _parameters?: unknown[],
    _runner?: QueryRunner,
  ): void {
    const code = typeof error === 'object' ? ((error as { code?: string }).code ?? '') : '';
    const message = typeof error === 'object' ? error.message : error;
    this.logger.error(
      `query failed${code ? ` (${code})` : ''}: ${firstLine(message)} | ${firstLine(query)}`,
    );
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${firstLine(query)}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.log(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 300);
}
