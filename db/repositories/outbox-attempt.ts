import type { DbOrTransaction } from '../database';
import type { NotificationRow } from '../tables/notifications';

/**
 * Writes an attempt makes to the row it holds, each refused once another attempt has taken the row over (the
 * `attempt_token` no longer matches): a slow attempt must never overwrite its successor's outcome.
 */

/**
 * Ends this attempt's lease at `at` (now, or a short hold) without releasing the row: the provider may have the
 * message (an SMTP session dropped after DATA, a Twilio request the client gave up on), so the next attempt takes
 * over once the lease ends but, finding a lease that ran out rather than one given back, treats the send as
 * unconfirmed: it looks an SMS up, and records an email as unknown instead of resending it.
 */
export async function expireLease(db: DbOrTransaction, key: string, token: string, at: Date): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ attempt_expires_at: at })
    .where('idempotency_key', '=', key)
    .where('attempt_token', '=', token)
    .where('status', '=', 'claimed')
    .execute();
}

/**
 * Records a send whose outcome cannot be known (an email taken over from an attempt that may have handed it to the
 * relay): `sent`, marked reconciled and unknown, so it is counted and never resent. Undefined when the lease was lost.
 */
export function recordUnknownOutcome(
  db: DbOrTransaction,
  key: string,
  token: string,
  at: Date,
): Promise<NotificationRow | undefined> {
  return db
    .updateTable('notifications')
    .set((eb) => ({
      status: 'sent',
      sent_at: eb.fn.coalesce('sent_at', eb.val(at)),
      updated_at: at,
      reconciled_at: at,
      outcome_unknown_at: at,
      attempt_token: null,
      attempt_expires_at: null,
    }))
    .where('idempotency_key', '=', key)
    .where('attempt_token', '=', token)
    .where('status', '=', 'claimed')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Withdraws a claimed row this attempt holds (status `suppressed` with the reason): its message was not found at the
 * provider and must not go now (the window has closed). False when the lease was lost meanwhile.
 */
export async function withdrawHeldClaim(
  db: DbOrTransaction,
  key: string,
  token: string,
  refusal: { readonly reason: string; readonly at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set({
      status: 'suppressed',
      refusal_reason: refusal.reason,
      updated_at: refusal.at,
      attempt_token: null,
      attempt_expires_at: null,
    })
    .where('idempotency_key', '=', key)
    .where('attempt_token', '=', token)
    .where('status', '=', 'claimed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Counts a copy that went out from an attempt that had lost its lease, when the row records another provider message:
 * a duplicate that slipped through, counted rather than silent. Returns the row as it ends up.
 */
export async function countLateCopy(
  db: DbOrTransaction,
  key: string,
  lateProviderMessageId: string,
): Promise<NotificationRow | undefined> {
  const counted = await db
    .updateTable('notifications')
    .set((eb) => ({ duplicate_count: eb('duplicate_count', '+', 1) }))
    .where('idempotency_key', '=', key)
    .where('provider_message_id', 'is not', null)
    .where('provider_message_id', '<>', lateProviderMessageId)
    .returningAll()
    .executeTakeFirst();
  return counted ?? db.selectFrom('notifications').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}
