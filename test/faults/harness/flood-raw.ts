import net from 'node:net';
import type { Outcome, RequestKind } from './flood';

/**
 * One request on a raw socket, for the requests whose answer may come while the body is still being sent (a body
 * over the limit, a trickled one): an HTTP client library reports the failed write (EPIPE, ECONNRESET) and drops the
 * answer that arrived before it, where this reads whatever the server said until it closes or the answer is whole.
 * `sendBody` writes the body; it gets the socket and a flag that turns true once the exchange is over.
 */
export function rawExchange(
  url: URL,
  localAddress: string,
  kind: RequestKind,
  head: string,
  sendBody: (socket: net.Socket, over: () => boolean) => void,
  answerWithinMs: number,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ port: Number(url.port), host: url.hostname, localAddress });
    let received = Buffer.alloc(0);
    let over = false;
    const finish = (outcome: Outcome) => {
      if (over) return;
      over = true;
      clearTimeout(giveUp);
      socket.destroy();
      resolve(outcome);
    };
    const giveUp = setTimeout(() => finish({ kind, error: 'no answer in time' }), answerWithinMs);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = parseAnswer(received);
      if (answer) finish({ kind, ...answer });
    });
    // A write after the server answered and closed fails; the answer (or its absence) is decided on close.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const answer = parseAnswer(received, true);
      finish(answer ? { kind, ...answer } : { kind, error: 'closed without an answer' });
    });
    socket.once('connect', () => {
      socket.write(head);
      sendBody(socket, () => over);
    });
  });
}

/** Status and Retry-After of a whole answer (headers and Content-Length bytes of body), or of what came before a close. */
function parseAnswer(bytes: Buffer, closed = false): { status: number; retryAfter?: string } | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(lines[0] ?? '')?.[1]);
  if (!status) return undefined;
  const headers = new Map(
    lines
      .slice(1)
      .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  const length = Number(headers.get('content-length') ?? 0);
  if (!closed && bytes.length < end + 4 + length) return undefined;
  const retryAfter = headers.get('retry-after');
  return retryAfter === undefined ? { status } : { status, retryAfter };
}
