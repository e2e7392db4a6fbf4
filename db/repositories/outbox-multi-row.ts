import { sql } from 'kysely';
import type { DbOrTransaction } from '../database';
import type { NotificationStatus } from '../notification-status';
import { defineStatement, type Param } from '../statement';
import type { NotificationRow } from '../tables/notifications';

/**
 * The outbox's two writes on every send, the claim (or refusal) and the record of the provider's acceptance, each as
 * one statement over any number of rows: column arrays expanded by `unnest`, so one prepared statement serves a
 * batch of one and a batch of sixty-four alike. `outbox.ts` runs them for single calls, `batchedOutboxWrites` for
 * concurrent ones.
 */

/** Each inserted column and its Postgres type, in the order `unnest` expands them. */
const INSERT_COLUMNS = {
  idempotency_key: 'text',
  workflow_id: 'text',
  purpose: 'text',
  customer_id: 'text',
  channel: 'text',
  address: 'text',
  template: 'text',
  variant: 'text',
  locale: 'text',
  subject: 'text',
  body: 'text',
  message_class: 'text',
  reply_expires_at: 'timestamptz',
  claimed_at: 'timestamptz',
  attempt_token: 'text',
  attempt_expires_at: 'timestamptz',
  status: 'text',
  refusal_reason: 'text',
} as const satisfies Partial<Record<keyof NotificationRow, string>>;

/** A row to insert once under its key: a claim (status `claimed`, with a lease) or a refusal (`suppressed`). */
export type NotificationInsert = Pick<NotificationRow, keyof typeof INSERT_COLUMNS>;

type InsertColumn = keyof typeof INSERT_COLUMNS;
const INSERT_COLUMN_NAMES = Object.keys(INSERT_COLUMNS) as InsertColumn[];
type ColumnArrays<T> = { readonly [K in keyof T]: readonly T[K][] };

/**
 * The columns an inserted row is read back with: what the send path needs next. Every send makes a claim, and
 * reading all 31 columns back (eight of them timestamps) cost the client a third of the statement.
 */
const CLAIM_RETURNING = [
  'idempotency_key',
  'status',
  'refusal_reason',
  'channel',
  'address',
  'body',
  'purpose',
  'message_class',
  'customer_id',
  'claimed_at',
  'completed_parts',
] as const;

export type ClaimedNotification = Pick<NotificationRow, (typeof CLAIM_RETURNING)[number]>;

const INSERT_ONCE = defineStatement(
  'notifications_insert_once',
  (_db, param: Param<ColumnArrays<NotificationInsert>>) => {
    const columns = INSERT_COLUMN_NAMES;
    const arrays = columns.map((column) => sql`${param(column)}::${sql.raw(INSERT_COLUMNS[column])}[]`);
    return sql<ClaimedNotification>`
    insert into notifications (${sql.join(columns.map((column) => sql.ref(column)))}, updated_at)
    select v.*, v.claimed_at from unnest(${sql.join(arrays)}) as v(${sql.join(columns.map((column) => sql.ref(column)))})
    on conflict (idempotency_key) do nothing
    returning ${sql.join(CLAIM_RETURNING.map((column) => sql.ref(column)))}`;
  },
);

/**
 * Inserts each row unless its key exists, in one statement; returns the rows it inserted (a key already taken is
 * left out: its caller reads the existing row). Keys must be distinct.
 */
export function insertNotificationsOnce(
  db: DbOrTransaction,
  rows: readonly NotificationInsert[],
): Promise<ClaimedNotification[]> {
  return INSERT_ONCE.run(db, columnArrays(rows, INSERT_COLUMN_NAMES));
}

/** The provider's acceptance of one message, as the record statement takes it. */
export interface AcceptanceRecord {
  readonly key: string;
  readonly provider: string;
  readonly providerMessageId: string;
  readonly status: NotificationStatus;
  readonly rank: number;
  readonly at: Date;
  /** Set together for a reconciled message; null leaves both columns as they are. */
  readonly reconciledAt: Date | null;
  readonly duplicates: number | null;
  /**
   * The lease of the attempt that called the provider: its record applies only while it still holds the row (or to a
   * row settled without a provider id, e.g. failed by an early callback), never over an attempt that took it over.
   * Null for writers that hold no lease.
   */
  readonly leaseToken: string | null;
}

const RECORD_COLUMNS = [
  'key',
  'provider',
  'providerMessageId',
  'status',
  'rank',
  'at',
  'reconciledAt',
  'duplicates',
  'leaseToken',
] as const satisfies readonly (keyof AcceptanceRecord)[];

const RECORD_ACCEPTANCES = defineStatement(
  'notifications_record_acceptance',
  (_db, param: Param<ColumnArrays<AcceptanceRecord>>) => sql<{ idempotency_key: string; has_early_reports: boolean }>`
    update notifications as n set
      provider = v.provider,
      provider_message_id = v.provider_message_id,
      status = case when n.status_rank < v.rank then v.status else n.status end,
      sent_at = coalesce(n.sent_at, v.at),
      updated_at = v.at,
      attempt_token = null,
      attempt_expires_at = null,
      reconciled_at = coalesce(v.reconciled_at, n.reconciled_at),
      duplicate_count = coalesce(v.duplicates, n.duplicate_count)
    from unnest(
      ${param('key')}::text[], ${param('provider')}::text[], ${param('providerMessageId')}::text[],
      ${param('status')}::text[], ${param('rank')}::int[], ${param('at')}::timestamptz[],
      ${param('reconciledAt')}::timestamptz[], ${param('duplicates')}::int[], ${param('leaseToken')}::text[]
    ) as v(key, provider, provider_message_id, status, rank, at, reconciled_at, duplicates, lease_token)
    where n.idempotency_key = v.key
      and (
        v.lease_token is null
        or n.attempt_token = v.lease_token
        or (n.status <> 'claimed' and n.provider_message_id is null)
      )
    returning n.idempotency_key, exists (
      select 1 from delivery_events as d
      where d.provider = v.provider and d.provider_message_id = v.provider_message_id
    ) as has_early_reports`,
);

/**
 * Records each acceptance on its row (status only forward, provider id, sent time, lease released), in one
 * statement; a record whose lease was taken over is refused (left out of the answer). Returns the keys it found, each with whether status callbacks for its provider id arrived before it
 * (the caller folds those in). Keys must be distinct.
 */
export function recordAcceptances(
  db: DbOrTransaction,
  records: readonly AcceptanceRecord[],
): Promise<{ idempotency_key: string; has_early_reports: boolean }[]> {
  return RECORD_ACCEPTANCES.run(db, columnArrays(records, RECORD_COLUMNS));
}

/** Rows turned inside out: one array per column, as `unnest` takes them. */
function columnArrays<T, K extends keyof T>(rows: readonly T[], columns: readonly K[]): ColumnArrays<Pick<T, K>> {
  const arrays: Partial<Record<K, unknown[]>> = {};
  for (const column of columns) arrays[column] = rows.map((row) => row[column]);
  return arrays as unknown as ColumnArrays<Pick<T, K>>;
}
