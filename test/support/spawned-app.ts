import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = resolve(ROOT, 'dist/src/main.js');
const CLI = resolve(ROOT, 'dist/src/cli/main.js');

/** The built app is what a user runs; tests of boot behaviour spawn it rather than import it. */
export function requireBuild(): void {
  if (!existsSync(MAIN))
    throw new Error('dist/ is missing: run `npm run build` (scripts/test.sh does)');
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

export interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the app expecting it to stop by itself (e.g. a bad configuration). */
export function runToExit(env: Record<string, string>, timeoutMs = 20000): Exited {
  const result = spawnSync(process.execPath, [MAIN], {
    env: baseEnv(env),
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function runCli(args: string[], env: Record<string, string>, input = ''): Exited {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: baseEnv(env),
    input,
    encoding: 'utf8',
    timeout: 30000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the CLI on a pseudo-terminal (util-linux script(1)) and types `keys` once `prompt`
 * shows: the output is what a person at that terminal would see, echo included. (Typed any
 * earlier, the terminal itself would echo them before the CLI could turn echo off.)
 */
export function runInTerminal(
  args: string[],
  env: Record<string, string>,
  prompt: string,
  keys: string,
): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`);
  const child = spawn('script', ['-qec', command.join(' '), '/dev/null'], { env: baseEnv(env) });
  let output = '';
  let typed = false;
  const collect = (d: Buffer) => {
    output += d.toString();
    if (!typed && output.includes(prompt)) {
      typed = true;
      child.stdin.write(keys);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
  return new Promise((done) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    }),
  );
}

export interface Running {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the app and waits until /api/v1/health answers ok. With `fileSizeLimitBytes` it runs
 * under `ulimit -f`: writes past the cap fail with EFBIG (Node ignores SIGXFSZ), the same error
 * path as a full disk, simulated without root.
 */
export async function startApp(
  env: Record<string, string>,
  /**
   * `answering`: return once the app answers at all (a 503 too), for a test that holds the
   * database on purpose and so has no healthy moment to wait for.
   */
  options: { fileSizeLimitBytes?: number; until?: 'healthy' | 'answering' } = {},
): Promise<Running> {
  const port = await freePort();
  const childEnv = baseEnv({ ...env, PORT: String(port) });
  const child = options.fileSizeLimitBytes
    ? spawn(
        'bash',
        [
          '-c',
          `ulimit -f ${Math.floor(options.fileSizeLimitBytes / 1024)} && exec "$0" "$1"`,
          process.execPath,
          MAIN,
        ],
        { env: childEnv },
      )
    : spawn(process.execPath, [MAIN], { env: childEnv });
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
      if (res.ok || options.until === 'answering') break;
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
        // Killed by a signal, a process has a signalCode and no exitCode.
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Background image work and OCR at the app's own priority. The suite keeps both cores busy from
 * start to end, and at the default niceness (19) a job waited minutes for idle time, past every
 * test's wait for it. image-work.spec and text-reader.spec check the default itself.
 */
export const SUITE_BACKGROUND_NICENESS = '0';

/** Only what the test sets, plus PATH: nothing from the developer's shell leaks in. */
function baseEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    LOG_LEVEL: 'warn',
    BACKGROUND_NICENESS: SUITE_BACKGROUND_NICENESS,
    ...env,
  };
}
