import { randomUUID } from 'node:crypto';
import type { FakeMessage, FakeMessageStatus } from './fake-message';
import { twilioSignature } from './twilio-signature';

/** One status report waiting to be posted to a message's StatusCallback URL. */
export interface StatusReport {
  readonly messageSid: string;
  readonly status: FakeMessageStatus;
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  /** Twilio's I-Twilio-Idempotency-Token: the same for every delivery of one report, retries and duplicates. */
  readonly idempotencyToken: string;
}

export interface CallbackAttempt {
  readonly report: StatusReport;
  readonly signature: string;
  /** HTTP status our endpoint answered, or null when the connection failed. */
  readonly responseStatus: number | null;
  readonly error?: string;
  /** 1, or 2 for Twilio's single retry after a failed connection. */
  readonly attempt: number;
}

export interface FlushOptions {
  /** Delivery order of the queued reports (with their duplicates): as they happened, reversed, or shuffled. */
  readonly order?: 'as-happened' | 'reversed' | 'shuffled';
  /** Seed for `shuffled`, so a failing order can be replayed. */
  readonly seed?: number;
  /** Extra deliveries of every report (1 sends each report twice). */
  readonly duplicates?: number;
}

/**
 * Status callbacks are queued as statuses change and posted when a test flushes them, so a test decides the order,
 * the duplication and the moment; posting happens one at a time, signed as Twilio signs them.
 */
export class StatusCallbackQueue {
  readonly attempts: CallbackAttempt[] = [];
  private queued: StatusReport[] = [];

  constructor(private readonly authToken: string) {}

  get pending(): readonly StatusReport[] {
    return this.queued;
  }

  enqueue(message: FakeMessage): void {
    if (!message.statusCallback) return;
    const params: Record<string, string> = {
      AccountSid: message.accountSid,
      ApiVersion: '2010-04-01',
      From: message.from ?? '',
      MessageSid: message.sid,
      MessageStatus: message.status,
      SmsSid: message.sid,
      SmsStatus: message.status,
      To: message.to,
    };
    if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
    if (message.errorCode !== null) params.ErrorCode = String(message.errorCode);
    this.queued.push({
      messageSid: message.sid,
      status: message.status,
      url: message.statusCallback,
      params,
      idempotencyToken: randomUUID(),
    });
  }

  async flush(options: FlushOptions = {}): Promise<CallbackAttempt[]> {
    const reports = this.queued.flatMap((report) => Array<StatusReport>(1 + (options.duplicates ?? 0)).fill(report));
    this.queued = [];
    const ordered =
      options.order === 'reversed'
        ? reports.reverse()
        : options.order === 'shuffled'
          ? shuffle(reports, options.seed ?? 1)
          : reports;
    const made: CallbackAttempt[] = [];
    for (const report of ordered) made.push(...(await this.post(report)));
    return made;
  }

  /** Twilio retries a status callback once when it cannot connect; an HTTP answer, even a 5xx, is final. */
  private async post(report: StatusReport): Promise<CallbackAttempt[]> {
    const signature = twilioSignature(this.authToken, report.url, report.params);
    const made: CallbackAttempt[] = [];
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      try {
        const response = await fetch(report.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
            'User-Agent': 'TwilioProxy/1.1',
            'X-Twilio-Signature': signature,
            'I-Twilio-Idempotency-Token': report.idempotencyToken,
          },
          body: new URLSearchParams(report.params).toString(),
        });
        await response.arrayBuffer();
        made.push(this.record({ report, signature, responseStatus: response.status, attempt }));
        return made;
      } catch (error) {
        made.push(this.record({ report, signature, responseStatus: null, error: String(error), attempt }));
      }
    }
    return made;
  }

  private record(attempt: CallbackAttempt): CallbackAttempt {
    this.attempts.push(attempt);
    return attempt;
  }
}

/** Fisher-Yates with a small seeded generator (mulberry32): shuffled, yet the same for the same seed. */
function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
