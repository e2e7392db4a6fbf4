import type { DbOrTransaction } from '../database';
import type { ConsentEventRow, ConsentSource } from '../tables/consent-events';
import { normalizeAddress } from './addresses';

export type OptChannel = 'sms' | 'email';

export interface OptChange {
  readonly channel: OptChannel;
  /** The phone number (SMS) or email address the change is about. */
  readonly address: string;
  /** The customer it belonged to when recorded, if known (for staff; the check itself is by address). */
  readonly customerId?: string | null;
  readonly source: ConsentSource;
  /** The keyword as the customer sent it. */
  readonly keyword?: string | null;
  /** The inbound message whose keyword made the change. */
  readonly inboundMessageId?: number | null;
  readonly at: Date;
}

export interface ConsentChange {
  readonly customerId: string;
  /** The message class consented to, e.g. `marketing`. */
  readonly purposeClass: string;
  /** Null or absent: every channel. */
  readonly channel?: OptChannel | null;
  readonly granted: boolean;
  readonly source: ConsentSource;
  readonly at: Date;
}

export function recordOptOut(db: DbOrTransaction, change: OptChange): Promise<ConsentEventRow> {
  return recordOptChange(db, change, 'opt_out');
}

export function recordOptIn(db: DbOrTransaction, change: OptChange): Promise<ConsentEventRow> {
  return recordOptChange(db, change, 'opt_in');
}

function recordOptChange(db: DbOrTransaction, change: OptChange, kind: 'opt_out' | 'opt_in'): Promise<ConsentEventRow> {
  return db
    .insertInto('consent_events')
    .values({
      customer_id: change.customerId ?? null,
      address: normalizeAddress(change.channel, change.address),
      channel: change.channel,
      kind,
      purpose_class: null,
      source: change.source,
      keyword: change.keyword ?? null,
      inbound_message_id: change.inboundMessageId ?? null,
      at: change.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function recordConsent(db: DbOrTransaction, change: ConsentChange): Promise<ConsentEventRow> {
  return db
    .insertInto('consent_events')
    .values({
      customer_id: change.customerId,
      address: null,
      channel: change.channel ?? null,
      kind: change.granted ? 'consent_granted' : 'consent_revoked',
      purpose_class: change.purposeClass,
      source: change.source,
      keyword: null,
      inbound_message_id: null,
      at: change.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface OptQuery {
  readonly channel: OptChannel;
  readonly address: string;
  /** The instant to answer for (default: everything recorded). Simulations record changes ahead of virtual time. */
  readonly asOf?: Date;
}

/**
 * The newest opt-out or opt-in for an address on a channel: one probe of `consent_events_address_idx`.
 * Exported as a query so tests can show the plan uses the index.
 */
export function latestOptChangeQuery(db: DbOrTransaction, query: OptQuery) {
  return db
    .selectFrom('consent_events')
    .selectAll()
    .where('channel', '=', query.channel)
    .where('address', '=', normalizeAddress(query.channel, query.address))
    .where('kind', 'in', ['opt_out', 'opt_in'])
    .$if(query.asOf !== undefined, (qb) => qb.where('at', '<=', query.asOf as Date))
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1);
}

/** The change that decides whether the address is opted out: answers "why not sent" with source, keyword and time. */
export function latestOptChange(db: DbOrTransaction, query: OptQuery): Promise<ConsentEventRow | undefined> {
  return latestOptChangeQuery(db, query).executeTakeFirst();
}

/** Is this phone (or email address) opted out of this channel? No record means not opted out. */
export async function isOptedOut(db: DbOrTransaction, query: OptQuery): Promise<boolean> {
  return (await latestOptChange(db, query))?.kind === 'opt_out';
}

export interface ConsentQuery {
  readonly customerId: string;
  readonly purposeClass: string;
  readonly channel: OptChannel;
  readonly asOf?: Date;
}

/** Has the customer consented to this class of message on this channel? No record means no consent. */
export async function hasConsent(db: DbOrTransaction, query: ConsentQuery): Promise<boolean> {
  const latest = await db
    .selectFrom('consent_events')
    .select('kind')
    .where('customer_id', '=', query.customerId)
    .where('purpose_class', '=', query.purposeClass)
    .where('kind', 'in', ['consent_granted', 'consent_revoked'])
    .where((eb) => eb.or([eb('channel', 'is', null), eb('channel', '=', query.channel)]))
    .$if(query.asOf !== undefined, (qb) => qb.where('at', '<=', query.asOf as Date))
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return latest?.kind === 'consent_granted';
}
