/**
 * Talking to a spawned, built app over plain HTTP, and starting one under a resource limit.
 */
import { FormPart, multipartBody } from './sample-files.js';
import { baseReport } from './demo.js';
import { boundary, fieldParts } from './hostile-http.js';
import { startApp, type Running } from './spawned-app.js';

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

/** The app writing files capped at `fileSizeLimitBytes`: see spawned-app's startApp. */
export function startAppWithFileSizeLimit(
  env: Record<string, string>,
  fileSizeLimitBytes: number,
): Promise<Running> {
  return startApp(env, { fileSizeLimitBytes });
}

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
