import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { keyFromStatusCallbackUrl } from '../../../channels/twilio/status-callback-url';
import type { TwilioFake } from '../../fakes/twilio-fake';

/** One message create as it reaches the gate. */
export interface CreateRequest {
  readonly to: string;
  readonly body: string;
  /** The notification key, read from the StatusCallback URL notify puts on every message. */
  readonly key: string | undefined;
}

/**
 * What the gate does with a create: pass it to the fake; pass it only once `until` settles (meanwhile the caller
 * kills the worker, or the client times out, so the fake accepts a message whose sender is gone); or answer with an
 * error without passing it on.
 */
export type GateAction =
  | { readonly kind: 'pass' }
  | { readonly kind: 'hold'; readonly until: Promise<void> }
  | { readonly kind: 'error'; readonly status: number; readonly code: number };

/**
 * A loopback HTTP gate in front of the Twilio fake, where the worker's twilio client points: every request is passed
 * through unchanged, except that each message create is first shown to `onCreate`, which decides its fate. Lookups
 * (list, fetch) always pass, so reconciliation sees the fake as it is.
 */
export class TwilioGate {
  onCreate: (request: CreateRequest) => GateAction = () => ({ kind: 'pass' });
  readonly url: string;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly fake: TwilioFake,
    private readonly server: ReturnType<typeof createServer>,
  ) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      this.handle(request, response).catch(() => response.destroy());
    });
  }

  static async open(fake: TwilioFake): Promise<TwilioGate> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new TwilioGate(fake, server);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (request.method === 'POST' && /\/Messages\.json$/.test(request.url ?? '')) {
      const form = new URLSearchParams(body.toString('utf8'));
      const callback = form.get('StatusCallback');
      const action = this.onCreate({
        to: form.get('To') ?? '',
        body: form.get('Body') ?? '',
        key: callback ? keyFromStatusCallbackUrl(callback) : undefined,
      });
      if (action.kind === 'error') {
        response.writeHead(action.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ code: action.code, message: 'fault gate', status: action.status }));
        return;
      }
      if (action.kind === 'hold') await action.until;
    }
    const forwarded = await fetch(`${this.fake.url}${request.url ?? '/'}`, {
      method: request.method ?? 'GET',
      headers: {
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        ...(request.headers['content-type'] ? { 'content-type': request.headers['content-type'] } : {}),
      },
      ...(body.length > 0 ? { body } : {}),
    });
    const text = await forwarded.text();
    if (response.destroyed) return;
    response.writeHead(forwarded.status, {
      'content-type': forwarded.headers.get('content-type') ?? 'application/json',
    });
    response.end(text);
  }
}

/** How many messages the fake stored per notification key (keys from their StatusCallback URLs). */
export function messagesPerKey(fake: TwilioFake): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of fake.messages) {
    const key = message.statusCallback ? keyFromStatusCallbackUrl(message.statusCallback) : undefined;
    const name = key ?? '(no key)';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}
