import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { png } from '../support/sample-files.js';
import { requireBuild, Running, startApp } from '../support/spawned-app.js';

const NAME = 'Zebedee Quillfeather';
const DESCRIPTION = 'Posted the staffroom rota and a photo of Mr Ploughwright on Quizzlebook.';

interface Line {
  level: string;
  msg: string;
  requestId?: string;
  method?: string;
  route?: string | null;
  status?: number;
  durationMs?: number;
  userId?: string | null;
}

/**
 * The built app's own output at the most talkative level, while a report with a distinctive
 * name and description is filed, searched for, read and refused: every line is JSON, none
 * carries the report's words, and each request has one access line of ids and figures.
 */
describe('logs', () => {
  let app: Running;
  let dataDir: string;
  let lines: Line[];
  let raw: string;
  const seen: { requestId: string; label: string }[] = [];
  let staffId: string;

  async function call(label: string, path: string, init: RequestInit = {}) {
    const res = await fetch(`${app.url}${path}`, init);
    seen.push({ requestId: res.headers.get('x-request-id')!, label });
    return res;
  }

  beforeAll(async () => {
    requireBuild();
    dataDir = mkdtempSync(join(tmpdir(), 'cases-logs-'));
    app = await startApp({ DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
    const login = await call('login', '/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'staff@oak.example', password: 'demo-pass-2026' }),
    });
    const { accessToken, user } = (await login.json()) as {
      accessToken: string;
      user: { id: string; memberships: { schoolId: string }[] };
    };
    staffId = user.id;
    const auth = { Authorization: `Bearer ${accessToken}` };
    const form = new FormData();
    const fields: Record<string, string> = {
      schoolId: user.memberships[0].schoolId,
      type: 'online_abuse',
      description: DESCRIPTION,
      occurredAt: new Date(Date.now() - 3600_000).toISOString(),
      subjectName: NAME,
      subjectRelationship: 'parent',
      platform: 'facebook',
    };
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    form.append('evidence', new Blob([png(40, 30)], { type: 'image/png' }), `${NAME}.png`);
    const filed = await call('file', '/api/v1/reports', {
      method: 'POST',
      headers: auth,
      body: form,
    });
    expect(filed.status).toBe(201);
    const created = (await filed.json()) as { id: string };
    await call('read', `/api/v1/cases/${created.id}`, { headers: auth });
    await call('search', `/api/v1/cases?q=${encodeURIComponent(NAME)}`, {
      headers: { ...auth, 'X-Request-Id': 'edge-7f3a9c21d4' },
    });
    // Refused: too short a description, with the name in it, and a malformed request id.
    await call('refused', '/api/v1/reports', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'X-Request-Id': 'two words' },
      body: JSON.stringify({ ...fields, description: NAME.slice(0, 8), postUrl: NAME }),
    });
    await app.stop();
    raw = app.output();
    lines = raw
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Line);
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("writes JSON lines only, and never the report's name or description", () => {
    expect(lines.length).toBeGreaterThan(10);
    for (const word of [NAME, DESCRIPTION, 'Quillfeather', 'Ploughwright', 'Quizzlebook']) {
      expect(raw.toLowerCase()).not.toContain(word.toLowerCase());
    }
  });

  it('writes one access line per request: method, route pattern, status, duration, ids', () => {
    const access = lines.filter((l) => l.msg === 'request completed' || l.msg === 'request failed');
    // startApp polls /api/v1/health until the app answers; those lines are the only others.
    const ours = access.filter((l) => l.route !== '/api/v1/health');
    expect(ours.map((l) => l.requestId).sort()).toEqual(seen.map((s) => s.requestId).sort());
    const byLabel = (label: string) =>
      access.find((l) => l.requestId === seen.find((s) => s.label === label)!.requestId)!;
    expect(byLabel('file')).toMatchObject({
      method: 'POST',
      route: '/api/v1/reports',
      status: 201,
      userId: staffId,
    });
    expect(byLabel('file').durationMs).toEqual(expect.any(Number));
    expect(byLabel('read')).toMatchObject({ route: '/api/v1/cases/:id', status: 200 });
    expect(byLabel('refused')).toMatchObject({ status: 400, level: 'warn' });
    expect(byLabel('login')).toMatchObject({ route: '/api/v1/auth/login', userId: null });
  });

  it('keeps a well-formed incoming X-Request-Id and replaces a malformed one', () => {
    expect(seen.find((s) => s.label === 'search')!.requestId).toBe('edge-7f3a9c21d4');
    expect(seen.find((s) => s.label === 'refused')!.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});
