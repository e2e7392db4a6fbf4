import type { DbOrTransaction } from '../database';
import type { ContactChannel } from '../tables/customers';
import { normalizeAddress } from './addresses';

export interface InvalidContact {
  readonly customerId: string;
  readonly channel: ContactChannel;
  /** The number or address the provider refused; only marked while it is still the customer's current one. */
  readonly address: string;
  /** The typed channel reason (`invalid_number`, `unreachable`, `mailbox_unavailable`, `invalid_address`). */
  readonly reason: string;
  readonly at: Date;
}

/**
 * Marks a customer's phone or email as unusable after a provider refused it for good, so later sends choose another
 * channel or refuse with a recorded reason instead of retrying a dead number. A contact that changed since the send
 * is left alone (the new one has not failed), and the first mark is kept. Returns whether a row was marked.
 */
export async function markContactInvalid(db: DbOrTransaction, contact: InvalidContact): Promise<boolean> {
  const address = normalizeAddress(contact.channel, contact.address);
  const query =
    contact.channel === 'sms'
      ? db
          .updateTable('customers')
          .set({ phone_invalid_at: contact.at, phone_invalid_reason: contact.reason })
          .where('phone', '=', address)
          .where('phone_invalid_at', 'is', null)
      : db
          .updateTable('customers')
          .set({ email_invalid_at: contact.at, email_invalid_reason: contact.reason })
          .where('email', '=', address)
          .where('email_invalid_at', 'is', null);
  const result = await query.where('id', '=', contact.customerId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
