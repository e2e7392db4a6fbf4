import { sql } from 'kysely';
import type { DbOrTransaction } from '../database';
import { type NotificationStatus, statusRank } from '../notification-status';
import type { DeliveryStatus } from '../tables/delivery-events';
import type { NotificationRow } from '../tables/notifications';
import { defineStatement, type Param } from '../statement';
import { listDeliveryEvents } from './delivery-events';
import { inTransaction } from './in-transaction';

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

/**
 * The columns a fresh claim or refusal is read back with: what the send path needs next. Every send makes a claim,
 * and reading all 31 columns back (eight of them timestamps) cost the client a third of the statement.
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

export type ClaimResult =
  /** This call inserted the row. */
  | { readonly claimed: true; readonly notification: ClaimedNotification }
  /** An earlier attempt owns the key: act on its row (whole) instead. */
  | { readonly claimed: false; readonly notification: NotificationRow };

/** Claims the key (insert, on conflict do nothing). A retried activity gets the existing row and `claimed: false`. */
export function claimNotification(db: DbOrTransaction, claim: NotificationClaim): Promise<ClaimResult> {
  return insertOnce(db, { ...rowOf(claim), status: 'claimed', refusal_reason: null });
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
  return insertOnce(db, { ...rowOf(claim), status: 'suppressed', refusal_reason: refusalReason });
}

async function insertOnce(db: DbOrTransaction, values: InsertOnceParams): Promise<ClaimResult> {
  const [inserted] = await INSERT_ONCE.run(db, values);
  if (inserted) return { claimed: true, notification: inserted };
  const existing = await getNotification(db, values.idempotency_key);
  if (!existing) throw new Error(`notification ${values.idempotency_key} conflicted but cannot be read back`);
  return { claimed: false, notification: existing };
}

type InsertOnceParams = ReturnType<typeof rowOf> & Pick<NotificationRow, 'status' | 'refusal_reason'>;

/** Every claim and refusal: on the notify path, so compiled once (see db/statement.ts). */
const INSERT_ONCE = defineStatement('notification_insert_once', (db, param: Param<InsertOnceParams>) =>
  db
    .insertInto('notifications')
    .values({
      idempotency_key: param('idempotency_key'),
      workflow_id: param('workflow_id'),
      purpose: param('purpose'),
      customer_id: param('customer_id'),
      channel: param('channel'),
      address: param('address'),
      template: param('template'),
      variant: param('variant'),
      locale: param('locale'),
      subject: param('subject'),
      body: param('body'),
      message_class: param('message_class'),
      reply_expires_at: param('reply_expires_at'),
      claimed_at: param('claimed_at'),
      updated_at: param('updated_at'),
      attempt_token: param('attempt_token'),
      attempt_expires_at: param('attempt_expires_at'),
      status: param('status'),
      refusal_reason: param('refusal_reason'),
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning(CLAIM_RETURNING),
);

function rowOf(claim: NotificationClaim) {
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
    updated_at: claim.claimedAt,
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
  const [updated] = await MARK_SENT.run(db, {
    key: idempotencyKey,
    provider: acceptance.provider,
    providerMessageId: acceptance.providerMessageId,
    status: acceptance.status,
    rank: statusRank(acceptance.status),
    at: acceptance.at,
    reconciledAt: acceptance.reconciled ? acceptance.at : null,
    duplicates: acceptance.reconciled ? acceptance.reconciled.duplicates : null,
  });
  if (!updated) return false;
  if (updated.has_early_reports) await foldEarlyReports(db, idempotencyKey, acceptance);
  return true;
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

interface MarkSentParams {
  readonly key: string;
  readonly provider: string;
  readonly providerMessageId: string;
  readonly status: NotificationStatus;
  readonly rank: number;
  readonly at: Date;
  /** Set together for a reconciled message; null leaves both columns as they are. */
  readonly reconciledAt: Date | null;
  readonly duplicates: number | null;
}

/** Every send's record: on the notify path, so compiled once (see db/statement.ts). */
const MARK_SENT = defineStatement('notification_mark_sent', (db, param: Param<MarkSentParams>) =>
  db
    .updateTable('notifications')
    .set((eb) => ({
      provider: param('provider'),
      provider_message_id: param('providerMessageId'),
      status: eb
        .case()
        .when('status_rank', '<', param('rank'))
        .then(eb.val(param('status')))
        .else(eb.ref('status'))
        .end(),
      sent_at: eb.fn.coalesce('sent_at', eb.val(param('at'))),
      updated_at: param('at'),
      attempt_token: null,
      attempt_expires_at: null,
      reconciled_at: eb.fn.coalesce(eb.val(param('reconciledAt')), eb.ref('reconciled_at')),
      duplicate_count: eb.fn.coalesce(eb.val(param('duplicates')), eb.ref('duplicate_count')),
    }))
    .where('idempotency_key', '=', param('key'))
    .returning((eb) =>
      eb
        .exists(
          eb
            .selectFrom('delivery_events')
            .select('delivery_events.id')
            .where('delivery_events.provider', '=', param('provider'))
            .where('delivery_events.provider_message_id', '=', param('providerMessageId')),
        )
        .as('has_early_reports'),
    ),
);

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
