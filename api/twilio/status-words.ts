import type { DeliveryStatus } from '../../db/tables/delivery-events';

/**
 * Twilio's MessageStatus words onto the outbox statuses a callback can report. Words with no outbox meaning
 * (`receiving`, `received`, for inbound messages) map to undefined and are acknowledged without effect.
 */
const STATUS_BY_WORD: Readonly<Record<string, DeliveryStatus>> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  partially_delivered: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
};

export function deliveryStatusOf(word: string | undefined): DeliveryStatus | undefined {
  return word === undefined ? undefined : STATUS_BY_WORD[word.toLowerCase()];
}
