import { createHash } from 'node:crypto';
import type { SmsLookupQuery, SmsMessageState, SmsSendInput, SmsSendResult, SmsSender } from '../sms';
import type { OutboxDirectory, OutboxRecord } from './outbox-directory';

export interface OutboxSms {
  readonly to: string;
  readonly body: string;
}

/** Development SMS: each message becomes a JSON file in the outbox instead of a text to a phone. */
export class OutboxSmsSender implements SmsSender {
  constructor(private readonly outbox: OutboxDirectory) {}

  async send(input: SmsSendInput): Promise<SmsSendResult> {
    const { record } = await this.outbox.writeOnce<OutboxSms>(
      'sms',
      input.idempotencyKey,
      outboxSmsId(input.idempotencyKey),
      {
        to: input.to,
        body: input.body,
      },
    );
    return { providerMessageId: record.providerMessageId, status: 'sent' };
  }

  async lookup(query: SmsLookupQuery): Promise<SmsMessageState[]> {
    if ('claim' in query) {
      const record = await this.outbox.find<OutboxSms>('sms', query.claim.idempotencyKey);
      return record ? [toState(record)] : [];
    }
    const records = await this.outbox.list();
    return records.filter((r) => r.channel === 'sms' && r.providerMessageId === query.providerMessageId).map(toState);
  }
}

/** A synthetic, deterministic id: the same key always names the same outbox message. */
function outboxSmsId(idempotencyKey: string): string {
  return `outbox-sms-${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32)}`;
}

function toState(record: OutboxRecord): SmsMessageState {
  return {
    providerMessageId: record.providerMessageId,
    status: 'sent',
    errorCode: null,
    createdAt: new Date(record.createdAt),
  };
}
