import type { DbOrTransaction } from '../database';
import { type JsonValue, toJson } from '../tables/columns';
import type { DeliveryEventRow, DeliveryStatus } from '../tables/delivery-events';

export interface DeliveryCallback {
  readonly provider: string;
  readonly providerMessageId: string;
  readonly notificationKey: string | null;
  readonly status: DeliveryStatus;
  readonly errorCode: string | null;
  /** The callback as received (the provider's own status word included); no secrets. */
  readonly payload: JsonValue | null;
  readonly receivedAt: Date;
}

/**
 * Records a provider status callback once per (provider, message, status). `isNew` is false for a duplicate,
 * which the caller can acknowledge and otherwise ignore.
 */
export async function recordDeliveryEvent(
  db: DbOrTransaction,
  callback: DeliveryCallback,
): Promise<{ readonly isNew: boolean }> {
  const inserted = await db
    .insertInto('delivery_events')
    .values({
      provider: callback.provider,
      provider_message_id: callback.providerMessageId,
      notification_key: callback.notificationKey,
      status: callback.status,
      error_code: callback.errorCode,
      payload: callback.payload === null ? null : toJson(callback.payload),
      received_at: callback.receivedAt,
    })
    .onConflict((oc) => oc.columns(['provider', 'provider_message_id', 'status']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return { isNew: inserted !== undefined };
}

/** Every distinct callback for one provider message, oldest first. */
export function listDeliveryEvents(
  db: DbOrTransaction,
  provider: string,
  providerMessageId: string,
): Promise<DeliveryEventRow[]> {
  return db
    .selectFrom('delivery_events')
    .selectAll()
    .where('provider', '=', provider)
    .where('provider_message_id', '=', providerMessageId)
    .orderBy('id')
    .execute();
}
