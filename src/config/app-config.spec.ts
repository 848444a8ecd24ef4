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

  it('takes the retention fault-test hook outside production only', () => {
    expect(AppConfig.fromEnvironment({}).testRetentionPauseMs).toBeNull();
    expect(AppConfig.fromEnvironment({ TEST_RETENTION_PAUSE_MS: '500' }).testRetentionPauseMs).toBe(
      500,
    );
    expect(() => AppConfig.fromEnvironment({ TEST_RETENTION_PAUSE_MS: '0' })).toThrow(
      /TEST_RETENTION_PAUSE_MS/,
    );
    expect(() =>
      AppConfig.fromEnvironment({
        NODE_ENV: 'production',
        SECRET_KEY: 'x'.repeat(40),
        PUBLIC_URL: 'https://cases.example.org',
        TEST_RETENTION_PAUSE_MS: '500',
      }),
    ).toThrow(/TEST_RETENTION_PAUSE_MS: a test hook/);
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

  it('spares evidence younger than 15 minutes from the sweeps unless told otherwise', () => {
    expect(AppConfig.fromEnvironment({}).evidenceSweepGraceMs).toBe(900_000);
    expect(
      AppConfig.fromEnvironment({ EVIDENCE_SWEEP_GRACE_MINUTES: '0' }).evidenceSweepGraceMs,
    ).toBe(0);
    expect(() => AppConfig.fromEnvironment({ EVIDENCE_SWEEP_GRACE_MINUTES: '-1' })).toThrow(
      /EVIDENCE_SWEEP_GRACE_MINUTES/,
    );
  });

  it('runs background image work and OCR at niceness 19 unless told otherwise', () => {
    expect(AppConfig.fromEnvironment({}).backgroundNiceness).toBe(19);
    expect(AppConfig.fromEnvironment({ BACKGROUND_NICENESS: '0' }).backgroundNiceness).toBe(0);
    expect(() => AppConfig.fromEnvironment({ BACKGROUND_NICENESS: '20' })).toThrow(
      /BACKGROUND_NICENESS/,
    );
  });

  it('keeps evidence in DATA_DIR unless EVIDENCE_STORE names an S3 bucket', () => {
    expect(AppConfig.fromEnvironment({}).evidenceStore).toEqual({ kind: 'local' });
    expect(AppConfig.fromEnvironment({ EVIDENCE_STORE: 'local' }).evidenceStore).toEqual({
      kind: 'local',
    });
    expect(
      AppConfig.fromEnvironment({
        EVIDENCE_STORE: 's3://school-evidence/trust-a/cases/',
        AWS_REGION: 'eu-west-2',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9000/',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret-example',
      }).evidenceStore,
    ).toEqual({
      kind: 's3',
      bucket: 'school-evidence',
      prefix: 'trust-a/cases',
      region: 'eu-west-2',
      endpoint: 'http://127.0.0.1:9000',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' },
    });
    // No keys: the SDK's own chain (an instance or task role) supplies them; AWS itself, no endpoint.
    expect(
      AppConfig.fromEnvironment({ EVIDENCE_STORE: 's3://evidence', AWS_REGION: 'eu-west-2' })
        .evidenceStore,
    ).toMatchObject({ bucket: 'evidence', prefix: '', endpoint: null, credentials: null });
  });

  it.each([
    [{ EVIDENCE_STORE: 'ftp://bucket' }, /EVIDENCE_STORE must be "local" or s3:\/\/bucket\/prefix/],
    [{ EVIDENCE_STORE: 's3://Bad_Bucket', AWS_REGION: 'eu-west-2' }, /not a bucket name/],
    [{ EVIDENCE_STORE: 's3://bucket/../other', AWS_REGION: 'eu-west-2' }, /prefix may hold only/],
    [{ EVIDENCE_STORE: 's3://bucket/a b', AWS_REGION: 'eu-west-2' }, /EVIDENCE_STORE/],
    [{ EVIDENCE_STORE: 's3://bucket' }, /AWS_REGION: required/],
    [
      { EVIDENCE_STORE: 's3://bucket', AWS_REGION: 'eu-west-2', AWS_ACCESS_KEY_ID: 'AKID' },
      /set both, or neither/,
    ],
    [{ AWS_ENDPOINT_URL: 'minio:9000' }, /AWS_ENDPOINT_URL must be an http\(s\) URL/],
    [{ AWS_REGION: 'EU West' }, /AWS_REGION must be a region name/],
  ])('refuses the evidence store setting %j at boot', (env, message) => {
    expect(() => AppConfig.fromEnvironment(env)).toThrow(message);
  });

  it('never echoes an endpoint URL in a boot error (it may carry credentials)', () => {
    expect(() =>
      AppConfig.fromEnvironment({ AWS_ENDPOINT_URL: 'not-a-url-with-secret-inside' }),
    ).toThrow(/<hidden>/);
  });
});
