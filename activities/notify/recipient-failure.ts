import type { ChannelError } from '../../channels/channel-error';
import { recordOptOut } from '../../db/repositories/consent';
import { markContactInvalid } from '../../db/repositories/contact-validity';
import type { NotificationRow } from '../../db/tables/notifications';
import type { ActivityDeps } from '../deps';

/** Reasons that mean the number or mailbox itself is dead, as opposed to opted out or refused for its content. */
const DEAD_CONTACT = new Set(['invalid_number', 'unreachable', 'mailbox_unavailable', 'invalid_address']);

/**
 * What a permanent refusal teaches about the recipient, recorded where later sends look: a dead number or mailbox
 * is marked on the customer (the next message takes the other channel, or is refused as `phone_invalid`), and an
 * opt-out the provider enforces (Twilio 21610) enters our consent ledger with source `provider`.
 */
export async function recordRecipientFailure(
  deps: ActivityDeps,
  row: NotificationRow,
  err: ChannelError,
  at: Date,
): Promise<void> {
  const channel = row.channel;
  if (!row.address || (channel !== 'sms' && channel !== 'email')) return;
  if (err.reason === 'opted_out') {
    await recordOptOut(deps.db, {
      channel,
      address: row.address,
      customerId: row.customer_id,
      source: 'provider',
      keyword: null,
      at,
    });
    return;
  }
  if (DEAD_CONTACT.has(err.reason) && row.customer_id) {
    await markContactInvalid(deps.db, {
      customerId: row.customer_id,
      channel,
      address: row.address,
      reason: err.reason,
      at,
    });
  }
}
