import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeMessage, type FakeMessageStatus, messageResource, newMessageSid } from './twilio/fake-message';
import { basicCredentials, paramsRecord, readBody, sendJson, twilioError } from './twilio/http';
import { MAGIC_FROM, MAGIC_TO, MAGIC_VALID_FROM } from './twilio/magic-numbers';
import { listPage } from './twilio/message-list';
import {
  type CallbackAttempt,
  type FlushOptions,
  StatusCallbackQueue,
  type StatusReport,
} from './twilio/status-callbacks';

export type { FakeMessage, FakeMessageStatus } from './twilio/fake-message';
export type { CallbackAttempt, FlushOptions, StatusReport } from './twilio/status-callbacks';
export { twilioSignature } from './twilio/twilio-signature';

/**
 * A Twilio-compatible Messages API on 127.0.0.1 for tests: what the real `twilio` client calls for
 * `messages.create`, `messages(sid).fetch()` and `messages.list`, with Twilio's magic test numbers, scripted faults,
 * status progression and signed status callbacks. Point the client at it with TwilioSmsSender's `baseUrl`.
 *
 *   const fake = await startTwilioFake({ accountSid, authToken });
 *   fake.failNext({ kind: 'error', status: 429, code: 20429, times: 3 });
 *   fake.deliver(sid); await fake.flushCallbacks({ order: 'shuffled', duplicates: 1 });
 *   await fake.close();
 */
export interface TwilioFakeOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Clock for date_created, date_sent and date_updated. */
  readonly now?: () => Date;
}

/** A scripted answer to the next message creates (other requests are never faulted). */
export type ApiFault =
  /** Answer with a Twilio error body, e.g. `{ status: 429, code: 20429 }` or `{ status: 503 }`. */
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly code?: number;
      readonly message?: string;
      readonly times?: number;
    }
  /** Close the connection without storing the message: a network failure before Twilio had it. */
  | { readonly kind: 'drop-before-accepting'; readonly times?: number }
  /** Store the message, then destroy the socket before answering: the sender cannot know it went out. */
  | { readonly kind: 'accept-then-drop'; readonly times?: number }
  /** Take the request, then process it normally only once `until` settles: a provider call still in flight. */
  | { readonly kind: 'hold'; readonly until: Promise<void>; readonly onReceived: () => void; readonly times?: number };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly form: Record<string, string | string[]>;
  readonly authorized: boolean;
  /** The HTTP status answered, or 'dropped' when the socket was destroyed instead. */
  outcome: number | 'dropped';
}

const LIST_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const INSTANCE_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-f]{32}$/;
/** Normal delivery path after creation; failures are set explicitly with `setStatus`. */
const DELIVERY_PATH: readonly FakeMessageStatus[] = ['queued', 'sending', 'sent', 'delivered'];

export class TwilioFake {
  readonly url: string;
  private readonly store: FakeMessage[] = [];
  private readonly recorded: RecordedRequest[] = [];
  private readonly faults: { fault: ApiFault; remaining: number }[] = [];
  private readonly callbackQueue: StatusCallbackQueue;
  private readonly now: () => Date;

  constructor(
    private readonly options: TwilioFakeOptions,
    private readonly server: ReturnType<typeof createServer>,
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.callbackQueue = new StatusCallbackQueue(options.authToken);
    this.now = options.now ?? (() => new Date());
  }

  get accountSid(): string {
    return this.options.accountSid;
  }

  get authToken(): string {
    return this.options.authToken;
  }

  /** Every stored message in creation order. */
  get messages(): readonly FakeMessage[] {
    return this.store;
  }

  /** Every API request received, in order, with how it was answered. */
  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  /** Reports waiting to be posted, and every delivery attempt made so far. */
  get callbacks(): { readonly pending: readonly StatusReport[]; readonly attempts: readonly CallbackAttempt[] } {
    return { pending: this.callbackQueue.pending, attempts: this.callbackQueue.attempts };
  }

  failNext(fault: ApiFault): void {
    this.faults.push({ fault, remaining: fault.times ?? 1 });
  }

  /**
   * Holds the next create before Twilio has stored anything, until `release` is called: `received` resolves once the
   * request is in, so a test can act while a send is in flight.
   */
  holdNext(): { readonly received: Promise<void>; release(): void } {
    let release!: () => void;
    let onReceived!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    const received = new Promise<void>((resolve) => (onReceived = resolve));
    this.failNext({ kind: 'hold', until, onReceived });
    return { received, release };
  }

  message(sid: string): FakeMessage {
    const found = this.store.find((m) => m.sid === sid);
    if (!found) throw new Error(`the Twilio fake has no message ${sid}`);
    return found;
  }

  /** Moves a message to `status` (with an error code for failed or undelivered) and queues its status callback. */
  setStatus(sid: string, status: FakeMessageStatus, errorCode: number | null = null): FakeMessage {
    const message = this.message(sid);
    message.status = status;
    message.errorCode = errorCode;
    message.dateUpdated = this.now();
    // A Messaging Service picks the sending number once the message leaves the accepted state.
    message.from ??= MAGIC_VALID_FROM;
    if ((status === 'sent' || status === 'delivered') && message.dateSent === null)
      message.dateSent = message.dateUpdated;
    this.callbackQueue.enqueue(message);
    return message;
  }

  /** Walks a message along queued → sending → sent → delivered from wherever it is, one callback per step. */
  deliver(sid: string): FakeMessage {
    const message = this.message(sid);
    const from = DELIVERY_PATH.indexOf(message.status);
    for (const status of DELIVERY_PATH.slice(from + 1)) this.setStatus(sid, status);
    return message;
  }

  /** Posts the queued status callbacks, signed; see FlushOptions for shuffling and duplicating them. */
  flushCallbacks(options?: FlushOptions): Promise<CallbackAttempt[]> {
    return this.callbackQueue.flush(options);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  /** @internal the HTTP entry point. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parsed = new URL(request.url ?? '/', this.url);
    const body = await readBody(request);
    const credentials = basicCredentials(request);
    const record: RecordedRequest = {
      method: request.method ?? 'GET',
      path: parsed.pathname,
      query: paramsRecord(parsed.searchParams),
      form: paramsRecord(new URLSearchParams(body)),
      authorized: credentials?.user === this.accountSid && credentials.password === this.authToken,
      outcome: 0,
    };
    this.recorded.push(record);
    const answer = (status: number, payload: unknown): void => {
      record.outcome = status;
      sendJson(response, status, payload);
    };
    const drop = (): void => {
      record.outcome = 'dropped';
      request.socket.destroy();
    };

    if (!record.authorized) return answer(401, twilioError(20003, 'Authenticate', 401));
    const list = LIST_PATH.exec(parsed.pathname);
    const instance = INSTANCE_PATH.exec(parsed.pathname);
    const account = list?.[1] ?? instance?.[1];
    if (account !== this.accountSid) {
      return answer(404, twilioError(20404, `The requested resource ${parsed.pathname} was not found`, 404));
    }
    if (list && record.method === 'POST') return this.create(new URLSearchParams(body), answer, drop);
    if (list && record.method === 'GET') return answer(200, listPage(this.store, parsed.searchParams, parsed.pathname));
    if (instance?.[2] && record.method === 'GET') {
      const found = this.store.find((m) => m.sid === instance[2]);
      return found
        ? answer(200, messageResource(found))
        : answer(404, twilioError(20404, `The requested resource ${parsed.pathname} was not found`, 404));
    }
    return answer(405, twilioError(20004, 'Method not allowed', 405));
  }

  private async create(
    form: URLSearchParams,
    answer: (status: number, payload: unknown) => void,
    drop: () => void,
  ): Promise<void> {
    let fault = this.takeFault();
    if (fault?.kind === 'hold') {
      fault.onReceived();
      await fault.until;
      fault = undefined;
    }
    if (fault?.kind === 'error') {
      return answer(
        fault.status,
        twilioError(fault.code ?? fault.status, fault.message ?? 'Scripted failure', fault.status),
      );
    }
    if (fault?.kind === 'drop-before-accepting') return drop();

    const rejection = this.validate(form);
    if (rejection) return answer(400, twilioError(rejection.code, rejection.message, 400));

    const messagingServiceSid = form.get('MessagingServiceSid');
    const now = this.now();
    const message: FakeMessage = {
      sid: newMessageSid(),
      accountSid: this.accountSid,
      to: form.get('To') as string,
      from: messagingServiceSid ? null : form.get('From'),
      messagingServiceSid,
      body: form.get('Body') as string,
      statusCallback: form.get('StatusCallback'),
      // Twilio answers "accepted" for Messaging Service sends (the number is chosen later), "queued" otherwise.
      status: messagingServiceSid ? 'accepted' : 'queued',
      errorCode: null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
    };
    this.store.push(message);
    if (fault?.kind === 'accept-then-drop') return drop();
    answer(201, messageResource(message));
  }

  private validate(form: URLSearchParams): { code: number; message: string } | undefined {
    const to = form.get('To');
    const from = form.get('From');
    const service = form.get('MessagingServiceSid');
    const body = form.get('Body');
    const callback = form.get('StatusCallback');
    if (!to) return { code: 21604, message: "A 'To' phone number is required." };
    if (!service && !from) return { code: 21603, message: "A 'From' phone number is required." };
    if (!body) return { code: 21602, message: 'Message body is required.' };
    if (service && !MESSAGING_SERVICE_SID.test(service)) {
      return { code: 21701, message: `The Messaging Service Sid ${service} is invalid.` };
    }
    if (callback !== null && !URL.canParse(callback)) return { code: 21609, message: 'Invalid StatusCallback url' };
    const magicFrom = from ? MAGIC_FROM.get(from) : undefined;
    if (magicFrom) return magicFrom;
    if (!E164.test(to)) return { code: 21211, message: `The 'To' number ${to} is not a valid phone number.` };
    const magicTo = MAGIC_TO.get(to);
    if (magicTo) return magicTo;
    if (body.length > 1600)
      return { code: 21617, message: 'The concatenated message body exceeds the 1600 character limit.' };
    return undefined;
  }

  private takeFault(): ApiFault | undefined {
    const next = this.faults[0];
    if (!next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) this.faults.shift();
    return next.fault;
  }
}

export async function startTwilioFake(options: TwilioFakeOptions): Promise<TwilioFake> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake = new TwilioFake(options, server);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    fake.handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, twilioError(20500, String(error), 500));
    });
  });
  return fake;
}
