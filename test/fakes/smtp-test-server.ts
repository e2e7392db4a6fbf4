import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerError, type SMTPServerSession } from 'smtp-server';
import { type ParsedMail, parseMail } from './smtp/parse-mime';

export type { ParsedMail } from './smtp/parse-mime';

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 for tests: it records what arrives, parsed, and can
 * be scripted to answer the next commands with 4xx/5xx replies or to drop the connection after taking a message.
 *
 *   const smtp = await startSmtpTestServer();
 *   smtp.failNext({ stage: 'data', responseCode: 451 });
 *   ... send through smtp.url ...
 *   await smtp.close();
 */
export interface ReceivedMail {
  readonly envelopeFrom: string | undefined;
  readonly envelopeTo: readonly string[];
  readonly raw: string;
  readonly parsed: ParsedMail;
}

export type SmtpFault =
  /** Reply to the next MAIL FROM, RCPT TO or end of DATA with this code instead of accepting. */
  | {
      readonly stage: 'mail' | 'rcpt' | 'data';
      readonly responseCode: number;
      readonly message?: string;
      readonly times?: number;
    }
  /** Take the whole message (it is recorded as received), then destroy the socket before replying 250. */
  | { readonly stage: 'drop-after-data'; readonly times?: number }
  /** Take the whole message (it is recorded as received), then wait this long before replying 250: a slow relay. */
  | { readonly stage: 'slow-after-data'; readonly delayMs: number; readonly times?: number };

export interface SmtpTestServerOptions {
  /** Require AUTH PLAIN/LOGIN with these credentials (over plain TCP: this is a loopback test server). */
  readonly auth?: { readonly user: string; readonly pass: string };
}

export class SmtpTestServer {
  readonly messages: ReceivedMail[] = [];
  private readonly server: SMTPServer;
  private readonly faults: { fault: SmtpFault; remaining: number }[] = [];
  private readonly sockets = new Map<number, Socket>();
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  constructor(private readonly options: SmtpTestServerOptions = {}) {
    this.server = new SMTPServer({
      logger: false,
      disableReverseLookup: true,
      disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !options.auth,
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) => {
        const ok = auth.username === options.auth?.user && auth.password === options.auth?.pass;
        callback(ok ? null : new Error('Invalid credentials'), ok ? { user: auth.username } : undefined);
      },
      onMailFrom: (_address, _session, callback) => callback(this.replyFault('mail')),
      onRcptTo: (_address, _session, callback) => callback(this.replyFault('rcpt')),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const dropping = this.takeFault('drop-after-data');
          const slow = dropping ? undefined : this.takeFault('slow-after-data');
          const refusal = dropping || slow ? null : this.replyFault('data');
          if (!refusal) this.record(session, Buffer.concat(chunks).toString('utf8'));
          if (dropping) this.sockets.get(session.remotePort)?.destroy();
          else if (slow?.stage === 'slow-after-data') setTimeout(() => callback(null), slow.delayMs).unref();
          else callback(refusal);
        });
      },
    });
    // Kept by client port so a scripted drop can cut exactly the session that sent the message.
    this.server.server.on('connection', (socket: Socket) => {
      if (socket.remotePort !== undefined) this.sockets.set(socket.remotePort, socket);
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get port(): number {
    const address = this.server.server.address();
    if (address === null || typeof address === 'string') throw new Error('the SMTP test server is not listening');
    return address.port;
  }

  /** `smtp://[user:pass@]127.0.0.1:PORT`, ready for nodemailer. */
  get url(): string {
    const auth = this.options.auth;
    const credentials = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : '';
    return `smtp://${credentials}127.0.0.1:${this.port}`;
  }

  failNext(fault: SmtpFault): void {
    this.faults.push({ fault, remaining: fault.times ?? 1 });
  }

  /** Resolves once at least `count` messages have been received. */
  waitForMessages(count: number): Promise<void> {
    if (this.messages.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets.values()) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next scripted fault, consumed only when it is for this stage. */
  private takeFault(stage: SmtpFault['stage']): SmtpFault | undefined {
    const next = this.faults[0];
    if (!next || next.fault.stage !== stage) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) this.faults.shift();
    return next.fault;
  }

  private replyFault(stage: 'mail' | 'rcpt' | 'data'): SMTPServerError | null {
    const fault = this.takeFault(stage);
    if (!fault || fault.stage === 'drop-after-data' || fault.stage === 'slow-after-data') return null;
    const error: SMTPServerError = new Error(fault.message ?? `Scripted ${fault.responseCode} reply`);
    error.responseCode = fault.responseCode;
    return error;
  }

  private record(session: SMTPServerSession, raw: string): void {
    this.messages.push({
      envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
      envelopeTo: session.envelope.rcptTo.map((r) => r.address),
      raw,
      parsed: parseMail(raw),
    });
    for (const waiter of [...this.waiters]) {
      if (this.messages.length >= waiter.count) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}

export async function startSmtpTestServer(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const server = new SmtpTestServer(options);
  await server.listen();
  return server;
}
