import type { DbOrTransaction } from '../database';
import type { NotificationRow } from '../tables/notifications';
import { recordOptOut } from './consent';
import { markContactInvalid } from './contact-validity';

/** Reasons that mean the number or mailbox itself is dead, as opposed to opted out or refused for its content. */
const DEAD_CONTACT = new Set(['invalid_number', 'unreachable', 'mailbox_unavailable', 'invalid_address']);

export type RecipientLesson = 'contact_invalid' | 'opted_out' | 'none';

/**
 * What a provider's permanent refusal of a message teaches about its recipient, recorded where later sends look: a
 * dead number or mailbox is marked on the customer (the next message takes the other channel, or is refused as
 * `phone_invalid`), and an opt-out the provider enforces (Twilio 21610) enters our consent ledger with source
 * `provider`. Used for refusals at send time (the notify activity) and in delivery reports (Twilio status callbacks).
 * Returns what was learned.
 */
export async function recordRecipientRefusal(
  db: DbOrTransaction,
  row: Pick<NotificationRow, 'channel' | 'address' | 'customer_id'>,
  reason: string,
  at: Date,
): Promise<RecipientLesson> {
  const channel = row.channel;
  if (!row.address || (channel !== 'sms' && channel !== 'email')) return 'none';
  if (reason === 'opted_out') {
    await recordOptOut(db, {
      channel,
      address: row.address,
      customerId: row.customer_id,
      source: 'provider',
      keyword: null,
      at,
    });
    return 'opted_out';
  }
  if (DEAD_CONTACT.has(reason) && row.customer_id) {
    await markContactInvalid(db, { customerId: row.customer_id, channel, address: row.address, reason, at });
    return 'contact_invalid';
  }
  return 'none';
}
