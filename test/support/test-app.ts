import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { PASSWORD_HASH_COST_TOKEN, type PasswordHashCost } from '../../src/auth/password-hasher.js';
import { Clock, FixedClock } from '../../src/common/clock/clock.js';
import { AppConfig } from '../../src/config/app-config.js';
import { evidenceStoreEnv } from './evidence-store.js';
import { SUITE_BACKGROUND_NICENESS } from './spawned-app.js';
import { createSeededTestDatabase, TemplateTarget, TestDatabase } from './test-database.js';

export const DEMO_PASSWORD = 'demo-pass-2026';

/**
 * argon2id at its smallest cost, for the test apps only: every sign-in verifies a hash, and
 * the suite signs in hundreds of times. Production's cost is PASSWORD_HASH_COST.
 */
const TEST_PASSWORD_HASH_COST: PasswordHashCost = { timeCost: 1, memoryCost: 1024, parallelism: 1 };

export interface TestApp {
  app: NestExpressApplication;
  http: App;
  config: AppConfig;
  dataSource: DataSource;
  database: TestDatabase;
  clock: Clock;
  /** Signs in a demo account over HTTP and returns its bearer token. */
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  clock?: FixedClock;
  /** Start listening on a real port (browser tests); otherwise supertest drives the server. */
  listen?: boolean;
  /** The port to listen on (default: any free one), when PUBLIC_URL must name it in advance. */
  port?: number;
  /** A second instance on the same database and data dir (several instances, one PostgreSQL). */
  shareWith?: TestApp;
}

/** The real AppModule on a fresh database with its real migrations, demo data and middleware. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.shareWith
    ? { ...options.shareWith.database, drop: async () => undefined }
    : await createSeededTestDatabase(buildTemplate);
  const config = AppConfig.fromEnvironment({
    DATA_DIR: database.dataDir,
    DATABASE_URL: database.databaseUrl,
    LOG_LEVEL: 'error',
    BACKGROUND_NICENESS: SUITE_BACKGROUND_NICENESS,
    ...(await evidenceStoreEnv(database.dataDir)),
    ...options.env,
  });
  // DiscoveryModule lets specs enumerate the real controllers and routes.
  let builder = Test.createTestingModule({ imports: [AppModule, DiscoveryModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .overrideProvider(PASSWORD_HASH_COST_TOKEN)
    .useValue(TEST_PASSWORD_HASH_COST);
  if (options.clock) builder = builder.overrideProvider(Clock).useValue(options.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    logger: ['error'],
  });
  configureApp(app);
  if (options.listen) await app.listen(options.port ?? 0, '127.0.0.1');
  else await app.init();
  const http = app.getHttpServer() as App;
  return {
    app,
    http,
    config,
    dataSource: app.get(DataSource),
    database,
    clock: app.get(Clock),
    async login(email: string, password = DEMO_PASSWORD) {
      const response = await request(http).post('/api/v1/auth/login').send({ email, password });
      if (response.status !== 200) throw new Error(`login ${email} failed: ${response.status}`);
      return (response.body as { accessToken: string }).accessToken;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** Starts the real app once on a template, so its migrations and demo data are there to copy. */
async function buildTemplate(target: TemplateTarget): Promise<void> {
  const config = AppConfig.fromEnvironment({
    DATA_DIR: target.dataDir,
    DATABASE_URL: target.databaseUrl,
    LOG_LEVEL: 'error',
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .overrideProvider(PASSWORD_HASH_COST_TOKEN)
    .useValue(TEST_PASSWORD_HASH_COST)
    .compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  await app.init();
  await app.close();
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

export type { INestApplication };
