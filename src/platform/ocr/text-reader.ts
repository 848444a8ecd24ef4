import { Injectable } from '@nestjs/common';
import { execFile, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { runAtBackgroundPriority } from '../images/image-work.js';
import { promisify } from 'node:util';

export interface ReadText {
  text: string;
  /** "tesseract 5.3.0 (eng+cym)": kept with the text, so a reader knows what produced it. */
  engine: string;
}

/** Languages read: English and Welsh (one of the seed schools is in Wales). */
const LANGUAGES = 'eng+cym';
/** A screenshot takes a second or two; a runaway process must not hold the worker. */
const TIMEOUT_MS = 60_000;
/** Text beyond this is not what a screenshot holds; the cap keeps one image from filling a row. */
const MAX_TEXT = 100_000;

/**
 * Reads the text in an image with Debian's `tesseract` (tesseract-ocr, with the English and Welsh
 * data the set-up installs). The image is piped in and the text piped out, so nothing is written
 * to disk beside the store. Hand-written around the CLI because the npm wrappers either bundle a
 * WebAssembly engine and download its language data at run time (no network here) or shell out
 * the same way with less control over the timeout.
 */
@Injectable()
export class TextReader {
  private version: Promise<string> | undefined;

  async read(image: Readable): Promise<ReadText> {
    const engine = `${await this.engineVersion()} (${LANGUAGES})`;
    const text = await new Promise<string>((resolve, reject) => {
      const child = spawn('tesseract', ['stdin', 'stdout', '-l', LANGUAGES], {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
        timeout: TIMEOUT_MS,
        killSignal: 'SIGKILL',
      });
      // Background work: the lowest priority (by default), and one thread (tesseract's OpenMP
      // threads, OMP_THREAD_LIMIT above, would take every core), so it gets what requests leave.
      runAtBackgroundPriority(child.pid);
      const out: Buffer[] = [];
      let size = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_TEXT * 4) out.push(chunk);
      });
      // Its warnings ("Estimating resolution...") are not errors; only the exit code counts.
      child.stderr.resume();
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
        else reject(new Error(`tesseract ended with ${signal ?? `exit code ${code}`}`));
      });
      // A broken pipe (tesseract refusing the image early) surfaces as the exit code above.
      child.stdin.on('error', () => undefined);
      image.on('error', (error) => {
        child.kill('SIGKILL');
        reject(error);
      });
      image.pipe(child.stdin);
    });
    return { text: tidy(text).slice(0, MAX_TEXT), engine };
  }

  private engineVersion(): Promise<string> {
    this.version ??= promisify(execFile)('tesseract', ['--version'], { timeout: 10_000 }).then(
      ({ stdout, stderr }) => (stdout || stderr).split('\n')[0].trim(),
    );
    return this.version;
  }
}

/** Lines as tesseract found them, without its trailing form feed and runs of blank lines. */
function tidy(text: string): string {
  return text
    .replace(/\f/g, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
