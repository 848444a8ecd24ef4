import { describe, expect, it } from '@jest/globals';
import { AppConfig } from '../../config/app-config.js';
import { createAppLogger } from './app-logger.js';

describe('the JSON logger', () => {
  it('follows LOG_LEVEL, with Nest\'s "log" as pino\'s "info"', () => {
    const levelFor = (LOG_LEVEL?: string) =>
      createAppLogger(AppConfig.fromEnvironment({ DATA_DIR: '/tmp', LOG_LEVEL })).level;
    expect(levelFor('error')).toBe('error');
    expect(levelFor('warn')).toBe('warn');
    expect(levelFor('log')).toBe('info');
    expect(levelFor('debug')).toBe('debug');
    expect(levelFor(undefined)).toBe('info');
  });
});
