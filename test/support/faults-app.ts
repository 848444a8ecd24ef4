/**
 * Talking to a spawned, built app over plain HTTP, and starting one under a resource limit.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { FormPart, multipartBody } from '../../src/evidence/evidence.fixtures.js';
import { baseReport } from './demo.js';
import { boundary, fieldParts } from './hostile-http.js';
import { freePort, ROOT, type Running } from './spawned-app.js';

export const DEMO_PASSWORD = 'demo-pass-2026';

export async function loginAt(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export async function schoolIdAt(url: string, token: string, code = 'OAK'): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const me = (await res.json()) as { memberships: Array<{ schoolId: string; schoolCode: string }> };
  const found = me.memberships.find((m) => m.schoolCode === code);
  if (!found) throw new Error(`no membership at ${code}`);
  return found.schoolId;
}

/** A multipart report body with the given evidence files. */
export function reportForm(
  schoolId: string,
  files: Buffer[],
  overrides: Record<string, string> = {},
): { body: Buffer; contentType: string; boundary: string } {
  const b = boundary();
  const parts: FormPart[] = [
    ...fieldParts(baseReport(schoolId, overrides)),
    ...files.map((data, i) => ({
      name: 'evidence',
      fileName: `shot-${i}.png`,
      contentType: 'image/png',
      data,
    })),
  ];
  return {
    body: multipartBody(b, parts),
    contentType: `multipart/form-data; boundary=${b}`,
    boundary: b,
  };
}

export async function postReport(
  url: string,
  token: string,
  form: { body: Buffer; contentType: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/api/v1/reports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': form.contentType },
    body: form.body,
  });
  const text = await res.text();
  let body: Record<string, unknown> = { text };
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: kept as text for the assertion message
  }
  return { status: res.status, body };
}

/**
 * Like spawned-app's startApp, but under `ulimit -f`: any file the app writes is capped at
 * `fileSizeLimitBytes`, past which write() fails with EFBIG (Node ignores SIGXFSZ). This is how
 * a failing disk is simulated without root: the same write error path as ENOSPC.
 */
export async function startAppWithFileSizeLimit(
  env: Record<string, string>,
  fileSizeLimitBytes: number,
): Promise<Running> {
  const port = await freePort();
  const main = resolve(ROOT, 'dist/src/main.js');
  const blocks = Math.floor(fileSizeLimitBytes / 1024);
  const child = spawn(
    'bash',
    ['-c', `ulimit -f ${blocks} && exec "$0" "$1"`, process.execPath, main],
    { env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env, PORT: String(port) } },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`app exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`app did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** Sends SIGKILL and waits for the process to be gone. */
export function killHard(running: Running): Promise<void> {
  return new Promise((done) => {
    if (running.child.exitCode !== null || running.child.signalCode !== null) return done();
    running.child.once('exit', () => done());
    running.child.kill('SIGKILL');
  });
}

export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
