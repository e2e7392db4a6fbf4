import type { Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message whose DATA the server received in full (whether or not it then answered 250). */
export interface DataReceived {
  readonly messageId: string | undefined;
  readonly purpose: string | undefined;
  readonly to: readonly string[];
  /** The reply it got: 250, or 'none' while it is held (or if it never came). */
  reply: 250 | 'none';
}

/**
 * What the server does once a message's DATA is in: answer 250, or answer 250 only once `until` settles (a relay
 * slower than notify's timeouts, or the moment a test kills the worker).
 */
export type DataAction = { readonly kind: 'accept' } | { readonly kind: 'hold'; readonly until: Promise<void> };

/**
 * A real SMTP server (`smtp-server`) on a fixed loopback port that a fault test can take down and bring back, and
 * whose DATA handling it scripts through `onData`. Every DATA received in full is counted in `received`, also when
 * its reply never reached the sender: for counting copies, a relay that has the bytes may deliver them.
 */
export class SmtpGate {
  onData: (message: DataReceived) => DataAction = () => ({ kind: 'accept' });
  readonly received: DataReceived[] = [];
  private server: SMTPServer | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(readonly port: number) {}

  static async open(port: number): Promise<SmtpGate> {
    const gate = new SmtpGate(port);
    await gate.up();
    return gate;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Copies received per Message-ID. */
  copies(messageId: string): number {
    return this.received.filter((m) => m.messageId === messageId).length;
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      logger: false,
      disableReverseLookup: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          // The header block, unfolded: nodemailer folds the long Message-ID onto a continuation line.
          const raw = Buffer.concat(chunks).toString('utf8');
          const headers = (raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
          const message: DataReceived = {
            messageId: header(headers, 'Message-ID'),
            purpose: header(headers, 'X-Notify-Purpose'),
            to: session.envelope.rcptTo.map((r) => r.address),
            reply: 'none',
          };
          this.received.push(message);
          const action = this.onData(message);
          const answer = () => {
            message.reply = 250;
            callback(null);
          };
          if (action.kind === 'accept') answer();
          else void action.until.then(answer);
        });
      },
    });
    server.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Refuses connections from now on and cuts the open ones: the relay is down. */
  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  async close(): Promise<void> {
    await this.down();
  }
}

function header(block: string, name: string): string | undefined {
  const match = new RegExp(`^${name}:[ \\t]*(.+)$`, 'im').exec(block);
  return match?.[1]?.trim();
}
