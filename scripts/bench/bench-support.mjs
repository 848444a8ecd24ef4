// Shared by the benchmark scripts: start the built app on a temp data dir, sign in, build PNGs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort() {
  return new Promise((done, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
    s.on('error', fail);
  });
}

/**
 * Starts the built app and resolves once /api/v1/health is ok. By default from dist/ on a fresh
 * data dir that stop() removes; `main` picks another build, `dataDir` a dir that outlives it.
 */
export async function startBuiltApp(env = {}, options = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cases-bench-'));
  const main = options.main ?? join(ROOT, 'dist/src/main.js');
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH,
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'error',
      // One bench client files and reads far more than a person may; the limits are still
      // counted on every request (so their cost is measured), just set out of reach.
      REPORTS_PER_HOUR: '1000000',
      PDFS_PER_TEN_MINUTES: '1000000',
      // BENCH_NODE_OPTIONS=--cpu-prof (say) profiles the app under the bench's load.
      ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // A bench that dies of an error must not leave its apps running (a crashed soak left two,
  // polling a database that was gone): 'exit' still fires then, and a kill is synchronous.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('app did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid,
    dataDir,
    async stop() {
      process.off('exit', killOnExit);
      // A child ended by a signal keeps exitCode null: it has exited all the same.
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function signIn(url, email, password = 'demo-pass-2026') {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return { token: body.accessToken, schoolId: body.user.memberships[0].schoolId };
}

export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A valid RGB PNG of the given size with noisy pixels, so it compresses like a screenshot. */
export function noisyPng(width, height, seed = 1) {
  const raw = Buffer.alloc(height * (1 + width * 3));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < raw.length; i++) {
    if (i % (1 + width * 3) === 0) continue;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    raw[i] = (x & 0x3f) + ((i / 97) & 0xbf);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A structurally valid PNG padded with a large IDAT chunk to exactly `bytes` bytes. */
export function pngOfBytes(bytes) {
  const small = noisyPng(1, 1);
  const head = small.subarray(0, 33); // signature + IHDR
  const iend = chunk('IEND', Buffer.alloc(0));
  const dataLength = bytes - head.length - 12 - iend.length;
  return Buffer.concat([head, chunk('IDAT', Buffer.alloc(dataLength, 0x5a)), iend]);
}

export function reportForm(schoolId, files) {
  const form = new FormData();
  form.set('schoolId', schoolId);
  form.set('type', 'online_abuse');
  form.set('description', 'Benchmark report: abusive comments posted about a member of staff.');
  form.set('occurredAt', '2026-11-20T18:30:00.000Z');
  form.set('subjectRelationship', 'parent');
  form.set('platform', 'facebook');
  for (const [i, bytes] of files.entries()) {
    form.append('evidence', new Blob([bytes], { type: 'image/png' }), `shot-${i}.png`);
  }
  return form;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function printTable(rows) {
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}
