import { type ChildProcess, fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  ImageWorkOp,
  ImageWorkReply,
  ImageWorkRequest,
  PrintRenditionBytes,
} from './image-worker.js';

/**
 * One image takes well under a second when a core is free; this only ends a worker that has
 * hung (a pathological file), long enough for one starved behind a burst of reports.
 */
const REQUEST_TIMEOUT_MS = 5 * 60 * 1000;
/** An idle worker ends after this, giving back libvips's memory; the next ask starts another. */
const IDLE_MS = 30 * 1000;

interface Pending {
  resolve(result: PrintRenditionBytes | string): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const here = fileURLToPath(import.meta.url);
/** image-worker.js beside this file in dist/; image-worker.ts in src/ under the test suite. */
const ENTRY = join(dirname(here), `image-worker${extname(here)}`);

let child: ChildProcess | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;
let idleTimer: NodeJS.Timeout | undefined;

/** The worker's process id while one runs (for tests and diagnostics). */
export function imageWorkerPid(): number | null {
  return child?.pid ?? null;
}

/**
 * Runs image work in the image worker process (image-worker.ts), started on first use and
 * again after it dies. Hand-written over fork() because the worker pools on npm
 * (piscina, workerpool) run threads inside this process, whose priority cannot be lowered
 * apart from the process that answers requests.
 */
export function inImageWorker(
  op: 'print-rendition',
  bytes: Uint8Array,
): Promise<PrintRenditionBytes>;
export function inImageWorker(op: 'perceptual-hash', bytes: Uint8Array): Promise<string>;
export function inImageWorker(
  op: ImageWorkOp,
  bytes: Uint8Array,
): Promise<PrintRenditionBytes | string> {
  const worker = child ?? start();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // A hung worker holds every request behind it: end it, and the next request starts another.
      worker.kill('SIGKILL');
      fail(worker, new Error('the image worker did not answer in time'));
    }, REQUEST_TIMEOUT_MS);
    timer.unref();
    pending.set(id, { resolve, reject, timer });
    holdOpen(worker, true);
    worker.send({ id, op, bytes } satisfies ImageWorkRequest, (error) => {
      if (error) settle({ id, ok: false, name: error.name, message: error.message });
    });
  });
}

function start(): ChildProcess {
  const worker = fork(ENTRY, [], {
    env: { ...process.env, IMAGE_WORKER_CHILD: '1' },
    // Not the parent's flags (a profiler, Jest's VM modules): only what running the file needs.
    execArgv: ENTRY.endsWith('.ts') ? ['--no-warnings=ExperimentalWarning'] : [],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child = worker;
  runAtBackgroundPriority(worker.pid);
  worker.on('message', (reply: ImageWorkReply) => settle(reply));
  worker.on('error', (error) => fail(worker, error));
  worker.on('exit', (code, signal) =>
    fail(worker, new Error(`the image worker ended (${signal ?? `exit code ${code}`})`)),
  );
  holdOpen(worker, false);
  return worker;
}

function settle(reply: ImageWorkReply): void {
  const waiting = pending.get(reply.id);
  if (!waiting) return;
  pending.delete(reply.id);
  clearTimeout(waiting.timer);
  if (reply.ok) waiting.resolve(reply.result);
  else waiting.reject(Object.assign(new Error(reply.message), { name: reply.name }));
  if (child) holdOpen(child, pending.size > 0);
}

/** The worker is gone: everything it was asked fails, and the next ask starts a new one. */
function fail(worker: ChildProcess, error: Error): void {
  if (child !== worker) return;
  child = null;
  for (const [id, waiting] of pending) {
    clearTimeout(waiting.timer);
    pending.delete(id);
    waiting.reject(error);
  }
}

/**
 * An idle worker must not keep the app (or a test run) from exiting; a busy one should. An idle
 * one is also ended after IDLE_MS, by this side, so no request can be on its way to it then.
 */
function holdOpen(worker: ChildProcess, busy: boolean): void {
  clearTimeout(idleTimer);
  if (busy) {
    worker.ref();
    worker.channel?.ref();
    return;
  }
  worker.unref();
  worker.channel?.unref();
  idleTimer = setTimeout(() => {
    if (child === worker && pending.size === 0) stopImageWorker();
  }, IDLE_MS);
  idleTimer.unref();
}

/** How far below requests background work runs: 19 unless set (BACKGROUND_NICENESS). */
let backgroundNiceness = 19;

/**
 * Sets the niceness of background work started from now on (the app does, from its config).
 * Module state because the image worker is one per process, started on first use.
 */
export function setBackgroundNiceness(niceness: number): void {
  backgroundNiceness = niceness;
}

/**
 * Background work (this worker, tesseract) at niceness 19 by default: the kernel runs it only on
 * what requests leave of the cores. Where that is not allowed (an unusual sandbox) it still runs,
 * at normal priority.
 */
export function runAtBackgroundPriority(pid: number | undefined): void {
  try {
    // At 0 the child keeps the niceness it was born with, the app's own.
    if (pid && backgroundNiceness !== 0) setPriority(pid, backgroundNiceness);
  } catch {
    // not allowed here: see above
  }
}

/** Ends the worker (at shutdown); the next ask would start another. */
export function stopImageWorker(): void {
  const worker = child;
  if (!worker) return;
  fail(worker, new Error('the image worker was stopped'));
  worker.kill('SIGTERM');
}
