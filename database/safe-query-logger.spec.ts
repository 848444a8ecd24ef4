import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { SafeQueryLogger } from './safe-query-logger.js';

describe('SafeQueryLogger', () => {
  it('logs a failed query without its parameters', () => {
    const lines: string[] = [];
    const original = Logger.prototype.error;
    Logger.prototype.error = function (message: unknown) {
      lines.push(String(message));
    };
    try {
      const error = Object.assign(new Error('UNIQUE constraint failed: case_record.reference'), {
        code: 'SQLITE_CONSTRAINT_UNIQUE',
      });
      new SafeQueryLogger().logQueryError(
        error,
        'INSERT INTO "case_record"("description") VALUES (?)',
        ['Pupil Jamie Doe was messaged'],
      );
    } finally {
      Logger.prototype.error = original;
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('SQLITE_CONSTRAINT_UNIQUE');
    expect(lines[0]).toContain('INSERT INTO "case_record"');
    expect(lines[0]).not.toContain('Jamie');
  });
});
