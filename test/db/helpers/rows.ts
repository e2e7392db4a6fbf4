import type { NotificationClaim } from '../../../db/repositories/outbox';
import { at } from './times';

/** A complete claim with sensible values; tests override what they are about. */
export function claim(overrides: Partial<NotificationClaim> = {}): NotificationClaim {
  return {
    idempotencyKey: 'order:o-1/shipment.stalled/1',
    workflowId: 'order:o-1',
    purpose: 'shipment.stalled',
    customerId: 'c-1',
    channel: 'sms',
    address: '+8613800138000',
    template: 'shipment.stalled',
    variant: null,
    locale: 'zh-CN',
    subject: null,
    body: '您的包裹已 48 小时没有更新。回复 1 催促快递，2 补发或退款，3 转人工。',
    messageClass: 'transactional',
    replyExpiresAt: null,
    claimedAt: at(0),
    ...overrides,
  };
}

/** The error a promise rejects with, or a failure if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the database to refuse this, but it was accepted');
}
