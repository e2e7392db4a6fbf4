import { type Kysely, sql } from 'kysely';
import { createConcurrentBatcher } from '../concurrent-batcher';
import type { Database, DbOrTransaction } from '../database';
import { type NotificationStatus, statusRank } from '../notification-status';
import type { DeliveryStatus } from '../tables/delivery-events';
import type { NotificationRow } from '../tables/notifications';
import { listDeliveryEvents } from './delivery-events';
import { inTransaction } from './in-transaction';
import {
  type AcceptanceRecord,
  type ClaimedNotification,
  insertNotificationsOnce,
  type NotificationInsert,
  recordAcceptances,
} from './outbox-multi-row';

export type { ClaimedNotification };

/** What the notify activity decided to send, claimed under the workflow's idempotency key before the provider call. */
export interface NotificationClaim {
  readonly idempotencyKey: string;
  readonly workflowId: string;
  readonly purpose: string;
  readonly customerId: string | null;
  readonly channel: string;
  /** The full phone number or email address (see NotificationsTable for why it is not masked here). */
  readonly address: string | null;
  readonly template: string;
  readonly variant: string | null;
  readonly locale: string | null;
  readonly subject: string | null;
  readonly body: string | null;
  readonly messageClass: string;
  /** Prompts with reply options: until when a reply from `address` answers this message. */
  readonly replyExpiresAt: Date | null;
  readonly claimedAt: Date;
  /** The attempt claiming the row, which alone may call the provider until the lease runs out. */
  readonly lease?: AttemptLease;
}

/** An attempt's exclusive right to call the provider for a claimed row (see `takeOverClaim`). */
export interface AttemptLease {
  readonly token: string;
  readonly expiresAt: Date;
}

export type ClaimResult =
  /** This call inserted the row. */
  | { readonly claimed: true; readonly notification: ClaimedNotification }
  /** An earlier attempt owns the key: act on its row (whole) instead. */
  | { readonly claimed: false; readonly notification: NotificationRow };

/** Claims the key (insert, on conflict do nothing). A retried activity gets the existing row and `claimed: false`. */
export function claimNotification(db: DbOrTransaction, claim: NotificationClaim): Promise<ClaimResult> {
  return insertOnce(db, claimRow(claim));
}

/**
 * Records that a message was not sent, and why (`opted_out`, `capped`, `no_consent`, …), under its key, so
 * "why was this not sent?" is always answerable. Insert-once like a claim.
 */
export function recordRefusal(
  db: DbOrTransaction,
  claim: NotificationClaim,
  refusalReason: string,
): Promise<ClaimResult> {
  return insertOnce(db, refusalRow(claim, refusalReason));
}

async function insertOnce(db: DbOrTransaction, row: NotificationInsert): Promise<ClaimResult> {
  const [inserted] = await insertNotificationsOnce(db, [row]);
  return inserted ? { claimed: true, notification: inserted } : readBackConflict(db, row.idempotency_key);
}

/** The row an earlier attempt left under a key this attempt could not insert. */
async function readBackConflict(db: DbOrTransaction, key: string): Promise<ClaimResult> {
  const existing = await getNotification(db, key);
  if (!existing) throw new Error(`notification ${key} conflicted but cannot be read back`);
  return { claimed: false, notification: existing };
}

function claimRow(claim: NotificationClaim): NotificationInsert {
  return { ...rowOf(claim), status: 'claimed', refusal_reason: null };
}

function refusalRow(claim: NotificationClaim, refusalReason: string): NotificationInsert {
  return { ...rowOf(claim), status: 'suppressed', refusal_reason: refusalReason };
}

function rowOf(claim: NotificationClaim): Omit<NotificationInsert, 'status' | 'refusal_reason'> {
  return {
    idempotency_key: claim.idempotencyKey,
    workflow_id: claim.workflowId,
    purpose: claim.purpose,
    customer_id: claim.customerId,
    channel: claim.channel,
    address: claim.address,
    template: claim.template,
    variant: claim.variant,
    locale: claim.locale,
    subject: claim.subject,
    body: claim.body,
    message_class: claim.messageClass,
    reply_expires_at: claim.replyExpiresAt,
    claimed_at: claim.claimedAt,
    attempt_token: claim.lease?.token ?? null,
    attempt_expires_at: claim.lease?.expiresAt ?? null,
  };
}

/**
 * Takes over a row an earlier attempt claimed but never settled, when that attempt's lease has run out (it died or
 * gave up): the caller then owns the row and must reconcile before any resend. Undefined while another attempt still
 * holds a live lease, or when the row is no longer claimed; then the caller must not call the provider.
 */
export function takeOverClaim(
  db: DbOrTransaction,
  idempotencyKey: string,
  lease: AttemptLease,
  now: Date,
): Promise<NotificationRow | undefined> {
  return db
    .updateTable('notifications')
    .set({ attempt_token: lease.token, attempt_expires_at: lease.expiresAt })
    .where('idempotency_key', '=', idempotencyKey)
    .where('status', '=', 'claimed')
    .where((eb) => eb.or([eb('attempt_expires_at', 'is', null), eb('attempt_expires_at', '<=', now)]))
    .returningAll()
    .executeTakeFirst();
}

/** Gives up an attempt's lease (it failed retryably), so the next attempt may take the row over at once. */
export async function releaseClaim(db: DbOrTransaction, idempotencyKey: string, token: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ attempt_token: null, attempt_expires_at: null })
    .where('idempotency_key', '=', idempotencyKey)
    .where('attempt_token', '=', token)
    .execute();
}

/** Records that one part of a multi-part message is done (a staff alert's email), once. */
export async function markPartDone(db: DbOrTransaction, idempotencyKey: string, part: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set((eb) => ({ completed_parts: sql<string[]>`array_append(${eb.ref('completed_parts')}, ${part})` }))
    .where('idempotency_key', '=', idempotencyKey)
    .where((eb) => eb.not(eb(eb.val(part), '=', eb.fn.any('completed_parts'))))
    .execute();
}

export function getNotification(db: DbOrTransaction, idempotencyKey: string): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
}

/** Everything a workflow sent or refused, oldest first ("why was this not sent?"). */
export function listWorkflowNotifications(db: DbOrTransaction, workflowId: string): Promise<NotificationRow[]> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('workflow_id', '=', workflowId)
    .orderBy('claimed_at')
    .orderBy('idempotency_key')
    .execute();
}

export interface ProviderAcceptance {
  readonly provider: string;
  readonly providerMessageId: string;
  /** What the provider said on accepting it (Twilio answers `queued`; SMTP's accepted message is `sent`). */
  readonly status: 'queued' | 'sent';
  readonly at: Date;
  /**
   * Set when the message was found at the provider after an unconfirmed attempt, rather than sent now; `duplicates`
   * counts further copies the provider holds for the same key (duplicates that slipped through).
   */
  readonly reconciled?: { readonly duplicates: number };
  /**
   * The lease of the attempt recording it: the write is refused (false) when another attempt has taken the row over
   * since (see `recordAcceptances`). Absent for writers that hold no lease.
   */
  readonly leaseToken?: string;
}

/**
 * Records the provider's id and acceptance. The status only moves forward, and any status callbacks that arrived
 * before this (they can beat the activity's own write) are folded in, so the row ends at the furthest status known.
 * False when no row has the key. A provider id already used by another notification is a unique violation.
 *
 * One round trip in the usual case, and it returns no row (every send makes this call; reading 31 columns back costs
 * the client as much as the update): the update reports whether callbacks for the provider id were recorded already,
 * and only then are they folded. A callback that names the notification key (ours always do) folds by key and never
 * depends on this; one without the key that lands while this statement runs can be left unfolded.
 */
export async function recordProviderAcceptance(
  db: DbOrTransaction,
  idempotencyKey: string,
  acceptance: ProviderAcceptance,
): Promise<boolean> {
  const [updated] = await recordAcceptances(db, [acceptanceRecord(idempotencyKey, acceptance)]);
  if (!updated) return false;
  if (updated.has_early_reports) await foldEarlyReports(db, idempotencyKey, acceptance);
  return true;
}

function acceptanceRecord(key: string, acceptance: ProviderAcceptance): AcceptanceRecord {
  return {
    key,
    provider: acceptance.provider,
    providerMessageId: acceptance.providerMessageId,
    status: acceptance.status,
    rank: statusRank(acceptance.status),
    at: acceptance.at,
    reconciledAt: acceptance.reconciled ? acceptance.at : null,
    duplicates: acceptance.reconciled ? acceptance.reconciled.duplicates : null,
    leaseToken: acceptance.leaseToken ?? null,
  };
}

/** `recordProviderAcceptance`, then the row as it ends up; undefined when no row has the key. */
export async function markNotificationSent(
  db: DbOrTransaction,
  idempotencyKey: string,
  acceptance: ProviderAcceptance,
): Promise<NotificationRow | undefined> {
  if (!(await recordProviderAcceptance(db, idempotencyKey, acceptance))) return undefined;
  return getNotification(db, idempotencyKey);
}

async function foldEarlyReports(
  db: DbOrTransaction,
  idempotencyKey: string,
  acceptance: ProviderAcceptance,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    for (const early of await listDeliveryEvents(trx, acceptance.provider, acceptance.providerMessageId)) {
      await foldDeliveryStatus(
        trx,
        { idempotencyKey },
        { status: early.status, errorCode: early.error_code, at: early.received_at },
      );
    }
  });
}

/**
 * The notify activity's outbox writes, with concurrent calls sharing statements (see `createConcurrentBatcher`):
 * claims and refusals in one multi-row insert, acceptances in one multi-row update. Each call answers exactly as the
 * single-call function of the same name does. One per database handle, built where the activities are.
 */
export interface OutboxWrites {
  claim(claim: NotificationClaim): Promise<ClaimResult>;
  refuse(claim: NotificationClaim, refusalReason: string): Promise<ClaimResult>;
  recordProviderAcceptance(idempotencyKey: string, acceptance: ProviderAcceptance): Promise<boolean>;
}

export interface OutboxBatchLimits {
  /** Rows per statement (default 64). */
  readonly maxBatch?: number;
  /** Statements of each kind in flight at once (default 4): keep it below the pool size. */
  readonly maxInFlight?: number;
}

export function batchedOutboxWrites(db: Kysely<Database>, limits: OutboxBatchLimits = {}): OutboxWrites {
  const batching = { maxBatch: limits.maxBatch ?? 64, maxInFlight: limits.maxInFlight ?? 4 };
  const insert = createConcurrentBatcher<NotificationInsert, ClaimedNotification | undefined>({
    ...batching,
    keyOf: (row) => row.idempotency_key,
    runBatch: async (rows) => {
      const inserted = new Map((await insertNotificationsOnce(db, rows)).map((row) => [row.idempotency_key, row]));
      return rows.map((row) => inserted.get(row.idempotency_key));
    },
  });
  const record = createConcurrentBatcher<AcceptanceRecord, { found: boolean; earlyReports: boolean }>({
    ...batching,
    keyOf: (item) => item.key,
    runBatch: async (items) => {
      const found = new Map((await recordAcceptances(db, items)).map((row) => [row.idempotency_key, row]));
      return items.map((item) => {
        const row = found.get(item.key);
        return { found: row !== undefined, earlyReports: row?.has_early_reports ?? false };
      });
    },
  });
  const insertOnceBatched = async (row: NotificationInsert): Promise<ClaimResult> => {
    const inserted = await insert(row);
    return inserted ? { claimed: true, notification: inserted } : readBackConflict(db, row.idempotency_key);
  };
  return {
    claim: (claim) => insertOnceBatched(claimRow(claim)),
    refuse: (claim, refusalReason) => insertOnceBatched(refusalRow(claim, refusalReason)),
    async recordProviderAcceptance(idempotencyKey, acceptance) {
      const { found, earlyReports } = await record(acceptanceRecord(idempotencyKey, acceptance));
      if (earlyReports) await foldEarlyReports(db, idempotencyKey, acceptance);
      return found;
    },
  };
}

/** Which notification a status report is about: by our key (carried in the callback URL) or the provider's id. */
export type NotificationTarget =
  { readonly idempotencyKey: string } | { readonly provider: string; readonly providerMessageId: string };

export interface StatusReport {
  readonly status: DeliveryStatus;
  readonly errorCode?: string | null;
  readonly errorMessage?: string | null;
  /** For failures the activity classified itself: the typed reason a re-run of the key fails with again. */
  readonly failureReason?: string | null;
  readonly at: Date;
  /**
   * Set by an attempt folding its own outcome: it applies only while that attempt still holds the row's lease, so an
   * attempt that was taken over cannot overwrite its successor's row. Delivery reports carry none.
   */
  readonly leaseToken?: string;
}

export interface FoldResult {
  /** False when the report was stale (the row is already at or past it) or no row matched. */
  readonly applied: boolean;
  /** The row after the fold; undefined when no notification matches the target. */
  readonly notification: NotificationRow | undefined;
}

/**
 * Folds a delivery status into the outbox monotonically (claimed < queued < sent < delivered/failed/undelivered):
 * a report only applies when it outranks the stored status, in one conditional UPDATE, so callbacks in any order
 * and any number end in the same state, and nothing leaves a terminal status.
 */
export async function foldDeliveryStatus(
  db: DbOrTransaction,
  target: NotificationTarget,
  report: StatusReport,
): Promise<FoldResult> {
  const failed = report.status === 'failed' || report.status === 'undelivered';
  const updated = await db
    .updateTable('notifications')
    .set((eb) => ({
      status: report.status,
      updated_at: report.at,
      ...(report.status === 'sent' || report.status === 'queued'
        ? { sent_at: eb.fn.coalesce('sent_at', eb.val(report.at)) }
        : {}),
      ...(report.status === 'delivered' ? { delivered_at: report.at } : {}),
      ...(failed
        ? {
            failed_at: report.at,
            error_code: report.errorCode ?? null,
            error_message: report.errorMessage ?? null,
            failure_reason: report.failureReason ?? null,
            attempt_token: null,
            attempt_expires_at: null,
          }
        : {}),
    }))
    .where((eb) =>
      'idempotencyKey' in target
        ? eb('idempotency_key', '=', target.idempotencyKey)
        : eb.and([eb('provider', '=', target.provider), eb('provider_message_id', '=', target.providerMessageId)]),
    )
    .where('status_rank', '<', statusRank(report.status))
    .$if(report.leaseToken !== undefined, (qb) => qb.where('attempt_token', '=', report.leaseToken as string))
    .returningAll()
    .executeTakeFirst();
  if (updated) return { applied: true, notification: updated };
  return { applied: false, notification: await findTarget(db, target) };
}

function findTarget(db: DbOrTransaction, target: NotificationTarget): Promise<NotificationRow | undefined> {
  if ('idempotencyKey' in target) return getNotification(db, target.idempotencyKey);
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('provider', '=', target.provider)
    .where('provider_message_id', '=', target.providerMessageId)
    .executeTakeFirst();
}

/**
 * Withdraws a claimed message before it reaches the provider (a re-check at the window's opening found it no longer
 * relevant, or the customer opted out meanwhile). Only a `claimed` row can be withdrawn; returns whether it was.
 */
export async function suppressClaimedNotification(
  db: DbOrTransaction,
  idempotencyKey: string,
  refusal: { readonly reason: string; readonly at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set({ status: 'suppressed', refusal_reason: refusal.reason, updated_at: refusal.at })
    .where('idempotency_key', '=', idempotencyKey)
    .where('status', '=', 'claimed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface RecentCountQuery {
  readonly customerId: string;
  readonly messageClass: string;
  /** Count messages claimed at or after this instant. */
  readonly since: Date;
  /** Leave out this key: a retried send must not count its own earlier claim against the cap. */
  readonly excludeKey?: string;
}

/** Statuses that count against frequency caps: the message went, or may have gone, to the customer. */
export const COUNTED_STATUSES: readonly NotificationStatus[] = ['claimed', 'queued', 'sent', 'delivered'];
const COUNTED = COUNTED_STATUSES;

/** How many messages of a class the customer got since an instant, for frequency caps. */
export async function countRecentNotifications(db: DbOrTransaction, query: RecentCountQuery): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('customer_id', '=', query.customerId)
    .where('message_class', '=', query.messageClass)
    .where('claimed_at', '>=', query.since)
    .where('status', 'in', COUNTED)
    .$if(query.excludeKey !== undefined, (qb) => qb.where('idempotency_key', '<>', query.excludeKey as string))
    .executeTakeFirstOrThrow();
  return row.count;
}

/**
 * The prompt a reply from this address answers: the latest message to it whose reply window is still open at `at`
 * and that was not refused or failed. Undefined when none is open (the reply is then stored for staff).
 */
export function findOpenPrompt(
  db: DbOrTransaction,
  query: { readonly address: string; readonly at: Date },
): Promise<NotificationRow | undefined> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('address', '=', query.address)
    .where('reply_expires_at', '>', query.at)
    .where('claimed_at', '<=', query.at)
    .where('status', 'in', COUNTED)
    .orderBy('claimed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Of the provider message ids a reconciliation lookup found, those already recorded under another key. The lookup
 * matches by number and body, and one customer can get the same text twice within minutes: a message recorded for
 * another key is that key's, not this one's.
 */
export async function providerIdsRecordedElsewhere(
  db: DbOrTransaction,
  key: string,
  providerMessageIds: readonly string[],
): Promise<Set<string>> {
  if (providerMessageIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('notifications')
    .select('provider_message_id')
    .where('provider_message_id', 'in', [...providerMessageIds])
    .where('idempotency_key', '<>', key)
    .execute();
  return new Set(rows.map((r) => r.provider_message_id).filter((id): id is string => id !== null));
}
