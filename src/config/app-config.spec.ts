import { describe, expect, it } from '@jest/globals';
import { AppConfig, ConfigurationError } from './app-config.js';

describe('AppConfig.fromEnvironment', () => {
  it('applies the documented defaults', () => {
    const config = AppConfig.fromEnvironment({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: null,
      production: false,
      demoPassword: 'demo-pass-2026',
      smtpUrl: null,
      publicUrl: 'http://localhost:3000',
      pdfConcurrency: 2,
      pdfTimeoutMs: 20000,
      secureCookies: false,
    });
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.isPostgres).toBe(false);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['SMTP_URL', 'http://mail'],
    ['PUBLIC_URL', 'not a url'],
    ['NODE_ENV', 'staging'],
    ['PDF_CONCURRENCY', '0'],
    ['BANK_HOLIDAYS', '2026-13-45'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => AppConfig.fromEnvironment({ [name]: value })).toThrow(ConfigurationError);
    expect(() => AppConfig.fromEnvironment({ [name]: value })).toThrow(new RegExp(name));
  });

  it('never echoes a secret or a URL that may hold credentials', () => {
    expect(() => AppConfig.fromEnvironment({ SECRET_KEY: 'short-secret' })).toThrow(/<hidden>/);
    expect(() => AppConfig.fromEnvironment({ SECRET_KEY: 'short-secret' })).not.toThrow(
      /short-secret/,
    );
  });

  it('demands real secrets in production and refuses a demo password there', () => {
    expect(() => AppConfig.fromEnvironment({ NODE_ENV: 'production' })).toThrow(/SECRET_KEY/);
    const ok = {
      NODE_ENV: 'production',
      SECRET_KEY: 'x'.repeat(40),
      PUBLIC_URL: 'https://cases.example.org',
    };
    expect(AppConfig.fromEnvironment(ok)).toMatchObject({ production: true, secureCookies: true });
    expect(() => AppConfig.fromEnvironment({ ...ok, DEMO_PASSWORD: 'demo-pass-2026' })).toThrow(
      /DEMO_PASSWORD/,
    );
  });

  it('demands https in production unless TLS ends at a proxy, and never lets the second factor off', () => {
    const ok = {
      NODE_ENV: 'production',
      SECRET_KEY: 'x'.repeat(40),
      PUBLIC_URL: 'https://cases.example.org',
    };
    expect(() =>
      AppConfig.fromEnvironment({ ...ok, PUBLIC_URL: 'http://cases.example.org' }),
    ).toThrow(/PUBLIC_URL: must be https/);
    expect(
      AppConfig.fromEnvironment({
        ...ok,
        PUBLIC_URL: 'http://cases.example.org',
        TRUST_PROXY: 'true',
      }),
    ).toMatchObject({ secureCookies: true, requireSecondFactor: true });
    expect(() => AppConfig.fromEnvironment({ ...ok, REQUIRE_SECOND_FACTOR: 'false' })).toThrow(
      /REQUIRE_SECOND_FACTOR/,
    );
    expect(AppConfig.fromEnvironment({}).requireSecondFactor).toBe(false);
    expect(AppConfig.fromEnvironment({ REQUIRE_SECOND_FACTOR: 'true' }).requireSecondFactor).toBe(
      true,
    );
    expect(AppConfig.fromEnvironment({ SESSION_IDLE_MINUTES: '30' }).sessionIdleMs).toBe(1_800_000);
  });

  it('switches to PostgreSQL with DATABASE_URL', () => {
    expect(
      AppConfig.fromEnvironment({ DATABASE_URL: 'postgres://u:p@db:5432/cases' }).isPostgres,
    ).toBe(true);
  });
});
