import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, TestDatabase } from '../support/test-database.js';
import {
  requireBuild,
  runCli,
  runInTerminal,
  runToExit,
  startApp,
} from '../support/spawned-app.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  SECRET_KEY: 'a-real-secret-of-at-least-thirty-two-characters',
  PUBLIC_URL: 'https://cases.oak.example',
};

async function login(url: string, email: string, password: string): Promise<number> {
  return (await signIn(url, email, password)).status;
}

async function signIn(url: string, email: string, password: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('booting the built app', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    requireBuild();
    db = await createTestDatabase();
    env = { DATA_DIR: db.dataDir, ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) };
  });
  afterAll(() => db.drop());

  it('stops at once with a message naming a bad variable', () => {
    const result = runToExit({ ...env, PORT: 'abc' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // a message, not a stack trace
  });

  it('refuses production without real secrets', () => {
    const result = runToExit({ ...env, NODE_ENV: 'production' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/SECRET_KEY/);
    expect(result.stderr).toMatch(/PUBLIC_URL/);
  });

  it('refuses production on plain http unless TLS ends at a proxy, so cookies are always Secure', () => {
    const plain = runToExit({ ...env, ...PRODUCTION, PUBLIC_URL: 'http://cases.oak.example' });
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toMatch(/PUBLIC_URL: must be https/);
    const proxied = runCli(['migrate'], {
      ...env,
      ...PRODUCTION,
      PUBLIC_URL: 'http://cases.oak.example',
      TRUST_PROXY: 'true',
    });
    expect(proxied.code).toBe(0);
  });

  it('does not echo a password typed at a terminal', async () => {
    const productionEnv = { ...env, ...PRODUCTION };
    runCli(['create-school', '--code', 'TTY', '--name', 'Terminal School'], productionEnv);
    const password = 'typed-at-a-terminal-2026';
    // script(1) gives the CLI a real pseudo-terminal; whatever the terminal echoes is captured.
    const typed = await runInTerminal(
      [
        'create-user',
        '--email',
        'tty@tty.example',
        '--name',
        'Tee Why',
        '--school',
        'TTY',
        '--role',
        'staff',
      ],
      productionEnv,
      'Password (not shown)',
      `${password}\r`,
    );
    expect(typed.output).toMatch(/Password \(not shown\)/);
    expect(typed.output).toMatch(/Created user/);
    expect(typed.output).not.toContain(password);
  });

  it('administers a production install from the CLI; no demo data is ever created', async () => {
    const productionEnv = { ...env, ...PRODUCTION };
    expect(
      runCli(['create-school', '--code', 'ASH', '--name', 'Ash Academy'], productionEnv),
    ).toMatchObject({ code: 0 });
    const password = 'correct horse battery staple';
    const created = runCli(
      [
        'create-user',
        '--email',
        'Head@Ash.example',
        '--name',
        'Ada Head',
        '--school',
        'ASH',
        '--role',
        'headteacher',
      ],
      productionEnv,
      `${password}\n`,
    );
    expect(created.code).toBe(0);
    expect(created.stdout + created.stderr).not.toContain(password);
    const short = runCli(
      ['reset-password', '--email', 'head@ash.example'],
      productionEnv,
      'short\n',
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 12/);
    expect(
      runCli(
        ['grant', '--email', 'head@ash.example', '--school', 'ASH', '--role', 'bogus'],
        productionEnv,
      ).code,
    ).toBe(1);

    const app = await startApp(productionEnv);
    try {
      // In production a head with no second factor yet gets a session for enrolment only.
      const head = await signIn(app.url, 'head@ash.example', password);
      expect(head.status).toBe(200);
      expect(head.body.secondFactorEnrolmentRequired).toBe(true);
      const cases = await fetch(`${app.url}/api/v1/cases`, {
        headers: { authorization: `Bearer ${String(head.body.accessToken)}` },
      });
      expect(cases.status).toBe(403);
      expect(((await cases.json()) as { code: string }).code).toBe(
        'AUTH_SECOND_FACTOR_ENROLMENT_REQUIRED',
      );
      expect(await login(app.url, 'head@oak.example', 'demo-pass-2026')).toBe(401);
    } finally {
      await app.stop();
    }
    const anchor = runCli(['audit-anchor'], productionEnv);
    expect(JSON.parse(anchor.stdout)).toEqual({
      seq: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });
});

describe('demo data', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    requireBuild();
    db = await createTestDatabase();
    env = { DATA_DIR: db.dataDir, ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) };
  });
  afterAll(() => db.drop());

  it('is created once, and a restart changes nothing', async () => {
    const first = await startApp({ ...env, DEMO_PASSWORD: 'another-demo-pass' });
    try {
      expect(await login(first.url, 'head@oak.example', 'another-demo-pass')).toBe(200);
      expect(await login(first.url, 'hr@council.example', 'another-demo-pass')).toBe(200);
    } finally {
      await first.stop();
    }
    const second = await startApp({ ...env, DEMO_PASSWORD: 'another-demo-pass' });
    try {
      expect(second.output()).not.toMatch(/Demo data created/);
      expect(await login(second.url, 'staff2@elm.example', 'another-demo-pass')).toBe(200);
    } finally {
      await second.stop();
    }
  });
});
