import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

const STATUS_BY_PARSER_CODE: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};

/** How long a refused client may keep sending before its connection is cut. */
const LINGER_MS = 2000;

/**
 * Answers a request Node's parser refused (a request line over the header limit, bytes that
 * are not HTTP). Node's own handler writes the answer and destroys the socket at once; while
 * the client is still sending, that close turns into a TCP reset, and the client may lose the
 * answer. Here the answer is written, our side is half-closed, and what the client still sends
 * is read and dropped for a moment (a "lingering close", as nginx does) so the answer arrives.
 */
export function answerMalformedRequests(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, reason] = STATUS_BY_PARSER_CODE[error.code ?? ''] ?? [400, 'Bad Request'];
    const body = JSON.stringify({ statusCode: status, error: reason, message: reason });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    socket.on('data', () => undefined);
    socket.on('error', () => socket.destroy());
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}
