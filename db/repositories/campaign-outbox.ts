import { sql } from 'kysely';
import type { DbOrTransaction } from '../database';
import { statusRank } from '../notification-status';
import type { NewNotification, NotificationRow } from '../tables/notifications';
import { foldDeliveryStatus } from './outbox';

/**
 * The outbox for many campaign messages at once: the same rows, keys and monotonic statuses as the notify
 * activity's one-at-a-time functions in outbox.ts, in one statement per step instead of one per message.
 */

export function notificationsByKeys(db: DbOrTransaction, keys: readonly string[]): Promise<NotificationRow[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return db.selectFrom('notifications').selectAll().where('idempotency_key', 'in', keys).execute();
}

/**
 * Inserts claimed (or suppressed) rows, each at most once per key. Returns the keys this call inserted; any other
 * key was already there (an earlier attempt), and its stored row decides.
 */
export async function insertNotificationsOnce(
  db: DbOrTransaction,
  rows: readonly NewNotification[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db
    .insertInto('notifications')
    .values([...rows])
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('idempotency_key')
    .execute();
  return new Set(inserted.map((r) => r.idempotency_key));
}

export interface Acceptance {
  readonly idempotencyKey: string;
  readonly provider: string;
  readonly providerMessageId: string;
  readonly status: 'queued' | 'sent';
}

/**
 * Records the provider's ids and acceptance for many messages in one UPDATE (the status only moves forward), then
 * folds in any status callback that beat it, as `recordProviderAcceptance` does for one.
 */
export async function markNotificationsSent(
  db: DbOrTransaction,
  accepted: readonly Acceptance[],
  at: Date,
): Promise<void> {
  if (accepted.length === 0) return;
  const values = sql.join(
    accepted.map(
      (a) =>
        sql`(${a.idempotencyKey}, ${a.provider}, ${a.providerMessageId}, ${a.status}, ${statusRank(a.status)}::int)`,
    ),
  );
  await sql`
    update notifications as n set
      provider = v.provider,
      provider_message_id = v.pid,
      status = case when n.status_rank < v.rank then v.status else n.status end,
      sent_at = coalesce(n.sent_at, ${at}::timestamptz),
      updated_at = ${at}::timestamptz
    from (values ${values}) as v(key, provider, pid, status, rank)
    where n.idempotency_key = v.key`.execute(db);
  const early = await db
    .selectFrom('delivery_events')
    .selectAll()
    .where(
      'provider_message_id',
      'in',
      accepted.map((a) => a.providerMessageId),
    )
    .orderBy('received_at')
    .execute();
  const keyOf = new Map(accepted.map((a) => [`${a.provider}\u0000${a.providerMessageId}`, a.idempotencyKey]));
  for (const event of early) {
    const key = keyOf.get(`${event.provider}\u0000${event.provider_message_id}`);
    if (!key) continue;
    await foldDeliveryStatus(
      db,
      { idempotencyKey: key },
      { status: event.status, errorCode: event.error_code, at: event.received_at },
    );
  }
}
