import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBooleanString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { resolve } from 'node:path';

const DEV_SECRET = 'development-only-secret-not-for-production-use';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** The environment as it arrives: every variable optional, each checked for shape. */
export class EnvironmentVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsString() @MinLength(1) DATA_DIR?: string;
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV?: string;
  @IsOptional() @IsString() @MinLength(8) @MaxLength(200) DEMO_PASSWORD?: string;
  @IsOptional() @IsString() @MinLength(1) CHROMIUM_PATH?: string;
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SECRET_KEY must be at least 32 characters' })
  SECRET_KEY?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(16) PDF_CONCURRENCY?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1000) @Max(300000) PDF_TIMEOUT_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10_000) PDF_BACKGROUND_FROM_IMAGES?: number;
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(1_800_000)
  PDF_BACKGROUND_TIMEOUT_MS?: number;
  @IsOptional() @IsString() BANK_HOLIDAYS?: string;
  @IsOptional() @IsBooleanString() RESPONSE_CACHE?: string;
  @IsOptional() @IsBooleanString() TRUST_PROXY?: string;
  @IsOptional() @IsIn(['error', 'warn', 'log', 'debug']) LOG_LEVEL?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) MIN_FREE_DISK_MB?: number;
  @IsOptional() @IsBooleanString() REQUIRE_SECOND_FACTOR?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(5) @Max(720) SESSION_IDLE_MINUTES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000) REPORTS_PER_HOUR?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000) PDFS_PER_TEN_MINUTES?: number;
  @IsOptional()
  @Matches(/^(local|s3:\/\/[^\s/]+(\/\S*)?)$/, {
    message: 'EVIDENCE_STORE must be "local" or s3://bucket/prefix',
  })
  EVIDENCE_STORE?: string;
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+\/?$/, {
    message: 'AWS_ENDPOINT_URL must be an http(s) URL with no path, such as https://s3.example.org',
  })
  AWS_ENDPOINT_URL?: string;
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, {
    message: 'AWS_REGION must be a region name such as eu-west-2',
  })
  AWS_REGION?: string;
  @IsOptional() @IsString() @MinLength(1) AWS_ACCESS_KEY_ID?: string;
  @IsOptional() @IsString() @MinLength(1) AWS_SECRET_ACCESS_KEY?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(1440) EVIDENCE_SWEEP_GRACE_MINUTES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(19) BACKGROUND_NICENESS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(60000) TEST_RETENTION_PAUSE_MS?: number;
}

/** Where evidence files are kept: a directory under DATA_DIR, or S3-compatible object storage. */
export type EvidenceStoreConfig =
  | { kind: 'local' }
  | {
      kind: 's3';
      bucket: string;
      /** Key prefix without slashes at either end; '' for the bucket's root. */
      prefix: string;
      region: string;
      /** Set for a service other than AWS itself (MinIO, Ceph, moto...): path-style addressing. */
      endpoint: string | null;
      /** Null: the AWS SDK's own chain (an instance or task role) supplies them. */
      credentials: { accessKeyId: string; secretAccessKey: string } | null;
    };

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/**
 * The typed configuration every other part reads. Built once from the environment; nothing
 * else in the app reads `process.env`.
 */
export class AppConfig {
  port!: number;
  dataDir!: string;
  databaseUrl!: string | null;
  production!: boolean;
  demoPassword!: string;
  chromiumPath!: string | null;
  smtpUrl!: string | null;
  publicUrl!: string;
  secretKey!: string;
  secureCookies!: boolean;
  pdfConcurrency!: number;
  pdfTimeoutMs!: number;
  /**
   * A case file with more evidence images than this is rendered in the background through the
   * job queue, with a notice when it is ready; smaller ones stay immediate downloads.
   */
  pdfBackgroundFromImages!: number;
  /** The deadline of one background render (nobody is waiting on the line). */
  pdfBackgroundTimeoutMs!: number;
  /** Extra non-working days (YYYY-MM-DD) on top of the shipped England and Wales list. */
  extraBankHolidays!: string[];
  trustProxy!: boolean;
  /**
   * Reuse a list's answer while the database and the asker are unchanged (ResponseCache);
   * RESPONSE_CACHE=false turns it off, so a benchmark can measure the uncached path.
   */
  responseCache!: boolean;
  logLevel!: 'error' | 'warn' | 'log' | 'debug';
  /** Readiness fails when DATA_DIR's file system has less free space than this. */
  minFreeDiskBytes!: number;
  /** Senior roles must pass a second factor on password sign-in (always so in production). */
  requireSecondFactor!: boolean;
  /** A session unused for this long ends, on top of its 12-hour limit. */
  sessionIdleMs!: number;
  /** Per-person limits: reports one person may file in an hour, PDFs in ten minutes. */
  reportsPerHour!: number;
  pdfsPerTenMinutes!: number;
  evidenceStore!: EvidenceStoreConfig;
  /**
   * On PostgreSQL several instances may share the evidence store, so the sweeps of temp uploads
   * and unreferenced files spare what is younger than this: another instance may be mid-upload.
   * One instance alone may set 0. (On SQLite, one process, the start-up sweep spares nothing.)
   */
  evidenceSweepGraceMs!: number;
  /**
   * The niceness of background image work and OCR (0 to 19). At 19 they run only on what requests
   * leave of the cores. The test suite sets 0: it keeps every core busy from start to end, and at
   * 19 a job there waited minutes for idle time, past every test's wait for it.
   */
  backgroundNiceness!: number;
  /**
   * Tests only, refused in production: the retention deletion job runs once as the app starts,
   * and holds each case's deletion half-done for this long before finishing it, so a fault test
   * can kill the process mid-run at a known point. Null otherwise.
   */
  testRetentionPauseMs!: number | null;

  get isPostgres(): boolean {
    return this.databaseUrl !== null;
  }

  get sqlitePath(): string {
    return resolve(this.dataDir, 'cases.sqlite');
  }

  static fromEnvironment(env: Record<string, string | undefined>): AppConfig {
    const raw = plainToInstance(EnvironmentVariables, stripEmpty(env), {
      excludeExtraneousValues: false,
    });
    const errors = validateSync(raw, { whitelist: true, forbidUnknownValues: false });
    if (errors.length > 0) {
      // One line per variable: the first rule it breaks is enough to fix it.
      const lines = errors.map(
        (e) => `${Object.values(e.constraints ?? {}).at(-1) ?? e.property} (got "${shown(e)}")`,
      );
      throw new ConfigurationError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
    }
    const production = raw.NODE_ENV === 'production';
    const config = Object.assign(new AppConfig(), {
      port: raw.PORT ?? 3000,
      dataDir: resolve(raw.DATA_DIR ?? './data'),
      databaseUrl: raw.DATABASE_URL ?? null,
      production,
      demoPassword: raw.DEMO_PASSWORD ?? 'demo-pass-2026',
      chromiumPath: raw.CHROMIUM_PATH ?? null,
      smtpUrl: raw.SMTP_URL ?? null,
      publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT ?? 3000}`).replace(/\/$/, ''),
      secretKey: raw.SECRET_KEY ?? DEV_SECRET,
      pdfConcurrency: raw.PDF_CONCURRENCY ?? 2,
      pdfTimeoutMs: raw.PDF_TIMEOUT_MS ?? 20000,
      pdfBackgroundFromImages: raw.PDF_BACKGROUND_FROM_IMAGES ?? 20,
      pdfBackgroundTimeoutMs: raw.PDF_BACKGROUND_TIMEOUT_MS ?? 180_000,
      extraBankHolidays: parseDates(raw.BANK_HOLIDAYS),
      trustProxy: raw.TRUST_PROXY === 'true',
      responseCache: raw.RESPONSE_CACHE !== 'false',
      logLevel: (raw.LOG_LEVEL ?? 'log') as AppConfig['logLevel'],
      minFreeDiskBytes: (raw.MIN_FREE_DISK_MB ?? 1024) * 1024 * 1024,
      requireSecondFactor: production || raw.REQUIRE_SECOND_FACTOR === 'true',
      sessionIdleMs: (raw.SESSION_IDLE_MINUTES ?? 60) * 60 * 1000,
      reportsPerHour: raw.REPORTS_PER_HOUR ?? 60,
      pdfsPerTenMinutes: raw.PDFS_PER_TEN_MINUTES ?? 60,
      evidenceStore: parseEvidenceStore(raw),
      evidenceSweepGraceMs: (raw.EVIDENCE_SWEEP_GRACE_MINUTES ?? 15) * 60 * 1000,
      backgroundNiceness: raw.BACKGROUND_NICENESS ?? 19,
      testRetentionPauseMs: raw.TEST_RETENTION_PAUSE_MS ?? null,
    });
    // Behind a TLS-terminating proxy in production the browser still speaks https to us.
    config.secureCookies =
      config.publicUrl.startsWith('https://') || (production && config.trustProxy);
    if (production) assertProductionReady(raw);
    return config;
  }
}

/** For bootstrap: fail before anything starts, with a message rather than a stack trace. */
export function checkProcessEnvironment(): AppConfig {
  return AppConfig.fromEnvironment(process.env);
}

function assertProductionReady(raw: EnvironmentVariables): void {
  const problems: string[] = [];
  if (!raw.SECRET_KEY || raw.SECRET_KEY === DEV_SECRET) {
    problems.push('SECRET_KEY: required in production (at least 32 random characters)');
  }
  if (raw.DEMO_PASSWORD) {
    problems.push('DEMO_PASSWORD: must not be set in production (there is no demo data)');
  }
  if (!raw.PUBLIC_URL) {
    problems.push('PUBLIC_URL: required in production so that links in mail reach the app');
  } else if (!raw.PUBLIC_URL.startsWith('https://') && raw.TRUST_PROXY !== 'true') {
    // Session cookies are Secure only behind https; a plain-http production would send them
    // in the clear. TRUST_PROXY=true says TLS ends at a proxy in front of the app.
    problems.push(
      'PUBLIC_URL: must be https:// in production (or set TRUST_PROXY=true when TLS ends at a proxy)',
    );
  }
  if (raw.TEST_RETENTION_PAUSE_MS !== undefined) {
    problems.push('TEST_RETENTION_PAUSE_MS: a test hook, never set in production');
  }
  if (raw.REQUIRE_SECOND_FACTOR === 'false') {
    problems.push('REQUIRE_SECOND_FACTOR: cannot be switched off in production');
  }
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** Bucket names as S3 allows them: 3-63 of a-z, 0-9, dot and hyphen, starting and ending alphanumeric. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Key prefixes in the characters S3 calls safe, in segments that are never . or .. */
const PREFIX_SEGMENT = /^[A-Za-z0-9!_.*'()-]+$/;

function parseEvidenceStore(raw: EnvironmentVariables): EvidenceStoreConfig {
  if (!raw.EVIDENCE_STORE || raw.EVIDENCE_STORE === 'local') return { kind: 'local' };
  const [bucket, ...segments] = raw.EVIDENCE_STORE.slice('s3://'.length).split('/');
  const prefix = segments.filter((segment) => segment !== '');
  const problems: string[] = [];
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    problems.push(
      `EVIDENCE_STORE: "${bucket}" is not a bucket name (3-63 characters: a-z, 0-9, dot, hyphen)`,
    );
  }
  if (prefix.some((segment) => !PREFIX_SEGMENT.test(segment) || /^\.\.?$/.test(segment))) {
    problems.push(
      "EVIDENCE_STORE: the prefix may hold only letters, digits and !_.*'()- between slashes",
    );
  }
  if (!raw.AWS_REGION) {
    problems.push(
      'AWS_REGION: required with an s3:// EVIDENCE_STORE (any region name the service accepts)',
    );
  }
  if (Boolean(raw.AWS_ACCESS_KEY_ID) !== Boolean(raw.AWS_SECRET_ACCESS_KEY)) {
    problems.push(
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: set both, or neither to use a role',
    );
  }
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return {
    kind: 's3',
    bucket,
    prefix: prefix.join('/'),
    region: raw.AWS_REGION!,
    endpoint: raw.AWS_ENDPOINT_URL?.replace(/\/$/, '') ?? null,
    credentials: raw.AWS_ACCESS_KEY_ID
      ? { accessKeyId: raw.AWS_ACCESS_KEY_ID, secretAccessKey: raw.AWS_SECRET_ACCESS_KEY! }
      : null,
  };
}

function parseDates(value: string | undefined): string[] {
  if (!value) return [];
  const dates = value
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  const bad = dates.filter((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isNaN(Date.parse(d)));
  if (bad.length > 0) {
    throw new ConfigurationError(
      `Invalid configuration:\n  BANK_HOLIDAYS: expected comma-separated YYYY-MM-DD dates (got "${bad.join(',')}")`,
    );
  }
  return dates;
}

function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ENVIRONMENT_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

export const ENVIRONMENT_KEYS = [
  'PORT',
  'DATA_DIR',
  'DATABASE_URL',
  'NODE_ENV',
  'DEMO_PASSWORD',
  'CHROMIUM_PATH',
  'SMTP_URL',
  'PUBLIC_URL',
  'SECRET_KEY',
  'PDF_CONCURRENCY',
  'PDF_TIMEOUT_MS',
  'PDF_BACKGROUND_FROM_IMAGES',
  'PDF_BACKGROUND_TIMEOUT_MS',
  'BANK_HOLIDAYS',
  'RESPONSE_CACHE',
  'TRUST_PROXY',
  'LOG_LEVEL',
  'MIN_FREE_DISK_MB',
  'REQUIRE_SECOND_FACTOR',
  'SESSION_IDLE_MINUTES',
  'REPORTS_PER_HOUR',
  'PDFS_PER_TEN_MINUTES',
  'EVIDENCE_STORE',
  'AWS_ENDPOINT_URL',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'EVIDENCE_SWEEP_GRACE_MINUTES',
  'BACKGROUND_NICENESS',
  'TEST_RETENTION_PAUSE_MS',
];

/** Secrets are never echoed back, even in a boot error. */
function shown(e: { property: string; value?: unknown }): string {
  if (/SECRET|PASSWORD|URL|KEY/.test(e.property)) return '<hidden>';
  return String(e.value);
}
