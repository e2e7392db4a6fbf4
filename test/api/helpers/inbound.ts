import { upsertCustomer } from '../../../db/repositories/customers';
import { claimNotification } from '../../../db/repositories/outbox';
import type { ApiFixture } from './api-fixture';

/** The customer whose phone the inbound-SMS tests text from. */
export const INBOUND_PHONE = '+8613800138000';

export async function seedTextingCustomer(fx: ApiFixture): Promise<void> {
  await upsertCustomer(fx.database.db, {
    id: 'c-1',
    name: '王芳',
    phone: INBOUND_PHONE,
    email: null,
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
    preferredChannel: 'sms',
    at: new Date('2026-03-01T00:00:00Z'),
  });
}

/**
 * A stall notice sent to the customer an hour ago whose reply window is open for another day: the prompt a reply
 * answers. `running` says whether the workflow that sent it still runs (signals to it succeed).
 */
export async function openStallPrompt(
  fx: ApiFixture,
  workflowId = 'order:o-1',
  options: { readonly running?: boolean } = {},
): Promise<string> {
  const key = `${workflowId}/shipment.stalled/1`;
  if (options.running !== false) fx.workflows.started.add(workflowId);
  await claimNotification(fx.database.db, {
    idempotencyKey: key,
    workflowId,
    purpose: 'shipment.stalled',
    customerId: 'c-1',
    channel: 'sms',
    address: INBOUND_PHONE,
    template: 'shipment.stalled',
    variant: null,
    locale: 'zh-CN',
    subject: null,
    body: 'menu',
    messageClass: 'transactional',
    replyExpiresAt: new Date(fx.now.getTime() + 24 * 3600_000),
    claimedAt: new Date(fx.now.getTime() - 3600_000),
  });
  return key;
}
