/**
 * Raw HTTP/1.1 over node:net, for requests no well-behaved client library will send: bodies that
 * never end, uploads cut off half-way, bytes written only until the server has answered.
 * Traffic goes to 127.0.0.1 only, and every loop is bounded by bytes and by time.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { FormPart } from './sample-files.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
}

/** One response parsed from the bytes read so far; undefined while it is incomplete. */
export function parseResponse(bytes: Buffer, closed = false): RawResponse | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine, ...lines] = bytes.toString('latin1', 0, headEnd).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = bytes.subarray(headEnd + 4);
  let body: Buffer | undefined;
  if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
    body = dechunk(rest);
  } else if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (rest.length >= length) body = rest.subarray(0, length);
  } else if (closed || status === 204 || status === 304) {
    body = rest;
  }
  if (!body) return undefined;
  return { status, headers, body, text: body.toString('utf8') };
}

function dechunk(bytes: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(bytes.toString('latin1', at, lineEnd), 16);
    if (Number.isNaN(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    if (bytes.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

export function requestHead(
  method: string,
  path: string,
  headers: Record<string, string | number>,
): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** Frames bytes as one chunk of a `Transfer-Encoding: chunked` body. */
export function chunk(data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'),
    data,
    Buffer.from('\r\n', 'latin1'),
  ]);
}

/** A socket that collects what the server sends and notices when a full response is in. */
class RawConnection {
  readonly socket: Socket;
  private received: Buffer[] = [];
  private waiters: Array<() => void> = [];
  response?: RawResponse;
  closed = false;
  error?: Error;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (data: Buffer) => {
      this.received.push(data);
      this.check();
    });
    socket.on('error', (error) => {
      this.error = error;
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.check();
      this.wake();
    });
    socket.on('drain', () => this.wake());
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  get finished(): boolean {
    return Boolean(this.response) || this.closed || Boolean(this.error);
  }

  private check(): void {
    if (this.response) return;
    this.response = parseResponse(Buffer.concat(this.received), this.closed);
    if (this.response) this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves on the next drain, data, close or error, or after `ms`. */
  next(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async until(deadline: number): Promise<void> {
    while (!this.finished && Date.now() < deadline) await this.next(deadline - Date.now());
  }
}

/** Sends a whole request and reads the response (or what there is when the server closes). */
export async function sendRaw(
  port: number,
  bytes: Buffer | Buffer[],
  timeoutMs = 15000,
): Promise<RawResponse> {
  const connection = await RawConnection.open(port);
  try {
    for (const piece of Array.isArray(bytes) ? bytes : [bytes]) {
      if (connection.finished) break;
      if (!connection.socket.write(piece)) await connection.next(timeoutMs);
    }
    await connection.until(Date.now() + timeoutMs);
    if (!connection.response) {
      throw new Error(
        `no complete response (closed=${connection.closed}, error=${connection.error?.message})`,
      );
    }
    return connection.response;
  } finally {
    connection.socket.destroy();
  }
}

export interface StreamResult {
  response?: RawResponse;
  /** Body bytes written to the socket (after the head) when the response was complete. */
  bytesSent: number;
  /** From the first body byte to the complete response. */
  elapsedMs: number;
  /** Why writing stopped: answered, closed/reset by the server, or a local bound was hit. */
  stoppedBy: 'response' | 'closed' | 'maxBytes' | 'timeout';
}

/**
 * Writes `head`, then body pieces from `next` (each already framed, e.g. by chunk()) as fast as
 * the socket takes them, yielding to the event loop between writes (or pausing `pauseMs`), until
 * the server has sent a complete response, closes, or `maxBytes` or `timeoutMs` is reached.
 * Without a pause, loopback TCP buffers let the client run megabytes ahead of what the server
 * has read, which says nothing about how promptly the server answers.
 */
export async function streamUntilAnswered(
  port: number,
  head: Buffer,
  next: (sent: number) => Buffer,
  options: { maxBytes: number; timeoutMs: number; pauseMs?: number },
): Promise<StreamResult> {
  const connection = await RawConnection.open(port);
  try {
    connection.socket.write(head);
    const started = Date.now();
    const deadline = started + options.timeoutMs;
    let sent = 0;
    let stoppedBy: StreamResult['stoppedBy'] = 'timeout';
    while (Date.now() < deadline) {
      if (connection.response) {
        stoppedBy = 'response';
        break;
      }
      if (connection.closed || connection.error) {
        stoppedBy = 'closed';
        break;
      }
      if (sent >= options.maxBytes) {
        stoppedBy = 'maxBytes';
        break;
      }
      const piece = next(sent);
      sent += piece.length;
      if (!connection.socket.write(piece)) await connection.next(deadline - Date.now());
      else if (options.pauseMs)
        await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
      else await new Promise((resolve) => setImmediate(resolve));
    }
    const bytesSent = sent;
    // The answer may already be on its way when a bound is hit: give it a moment.
    if (stoppedBy !== 'response') await connection.until(Math.min(deadline, Date.now() + 3000));
    return {
      response: connection.response,
      bytesSent,
      elapsedMs: Date.now() - started,
      stoppedBy: connection.response && stoppedBy === 'closed' ? 'response' : stoppedBy,
    };
  } finally {
    connection.socket.destroy();
  }
}

/**
 * Opens a request, sends `bytes` (a head and part of a body), and returns the live socket for
 * the caller to abandon: destroy() as a client that goes away, resetAndDestroy() as a lost link.
 */
export async function openRequest(port: number, bytes: Buffer): Promise<Socket> {
  const connection = await RawConnection.open(port);
  await new Promise<void>((resolve) => connection.socket.write(bytes, () => resolve()));
  return connection.socket;
}

export function boundary(): string {
  return `----hostile${randomBytes(8).toString('hex')}`;
}

/** The flat fields of a report as multipart parts, repeated fields included. */
export function fieldParts(fields: Record<string, string | string[] | boolean>): FormPart[] {
  return Object.entries(fields).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => ({ name, value: String(v) })),
  );
}
