import type { DbOrTransaction } from '../database';
import type { NewNotification, NotificationRow } from '../tables/notifications';

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
