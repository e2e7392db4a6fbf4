import type { ExpressionBuilder } from 'kysely';
import type { Database, DbOrTransaction } from '../database';
import type { NotificationStatus } from '../notification-status';
import { defineStatement, type Param } from '../statement';
import type { CustomerRow } from '../tables/customers';
import { COUNTED_STATUSES } from './outbox';

export interface SendContextQuery {
  readonly customerId: string;
  /** The notification key about to be sent: its earlier status, if any, comes back too. */
  readonly key: string;
  /** The instant to answer for: opt-outs and consents recorded after it do not count yet. */
  readonly asOf: Date;
  /** Marketing needs the customer's consent per channel; other classes skip that lookup. */
  readonly needsConsent: boolean;
  /** Frequency cap window for the message class; absent for uncapped classes. */
  readonly cap?: { readonly messageClass: string; readonly since: Date };
}

export interface ChannelState {
  readonly optedOut: boolean;
  /** Only asked for marketing; true otherwise. */
  readonly consented: boolean;
}

/** The customer columns the send decision and the copy read (the rest would be parsed for nothing on every send). */
const SEND_CUSTOMER_COLUMNS = [
  'id',
  'name',
  'phone',
  'email',
  'locale',
  'timezone',
  'preferred_channel',
  'phone_invalid_at',
  'email_invalid_at',
] as const;

export type SendCustomer = Pick<CustomerRow, (typeof SEND_CUSTOMER_COLUMNS)[number]>;

export interface SendContext {
  readonly customer: SendCustomer;
  /** The status an earlier attempt left under this key; null when the key is new. */
  readonly earlierStatus: NotificationStatus | null;
  readonly sms: ChannelState;
  readonly email: ChannelState;
  /** Messages of the capped class the customer got in the window, this key left out; 0 for uncapped classes. */
  readonly recentCount: number;
}

type CustomerScope = ExpressionBuilder<Database, 'customers'>;

interface SendContextParams {
  readonly customerId: string;
  readonly key: string;
  readonly asOf: Date;
  /** Read by the capped shapes only. */
  readonly capClass: string;
  readonly capSince: Date;
}

/**
 * Everything the notify activity decides on, in one round trip: the customer, the opt-out state of their phone and
 * email, marketing consent per channel, the frequency-cap count and the key's earlier status. Correlated subqueries
 * each probe one index (consent by address or customer, the outbox by customer and class, the outbox key).
 * Undefined when the customer is unknown.
 */
export async function loadSendContext(db: DbOrTransaction, query: SendContextQuery): Promise<SendContext | undefined> {
  const statement = SEND_CONTEXT[`${query.needsConsent ? 'consent' : 'plain'}:${query.cap ? 'capped' : 'uncapped'}`];
  const [row] = await statement.run(db, {
    customerId: query.customerId,
    key: query.key,
    asOf: query.asOf,
    capClass: query.cap?.messageClass ?? '',
    capSince: query.cap?.since ?? query.asOf,
  });
  if (!row) return undefined;
  const { sms_opt, email_opt, earlier_status, sms_consent, email_consent, recent, ...customer } = row;
  return {
    customer,
    earlierStatus: earlier_status ?? null,
    sms: { optedOut: sms_opt === 'opt_out', consented: !query.needsConsent || sms_consent === 'consent_granted' },
    email: {
      optedOut: email_opt === 'opt_out',
      consented: !query.needsConsent || email_consent === 'consent_granted',
    },
    recentCount: Number(recent ?? 0),
  };
}

const SEND_CONTEXT = {
  'plain:uncapped': sendContextStatement(false, false),
  'plain:capped': sendContextStatement(false, true),
  'consent:uncapped': sendContextStatement(true, false),
  'consent:capped': sendContextStatement(true, true),
};

/** The send-context query in its four shapes: with or without the consent lookups, with or without the cap count. */
function sendContextStatement(needsConsent: boolean, capped: boolean) {
  return defineStatement(
    `send_context:${needsConsent ? 'consent' : 'plain'}:${capped ? 'capped' : 'uncapped'}`,
    (db, param: Param<SendContextParams>) =>
      db
        .selectFrom('customers')
        .select(SEND_CUSTOMER_COLUMNS.map((column) => `customers.${column}` as const))
        .select((eb) => [
          latestOptKind(eb, 'sms', param('asOf')).as('sms_opt'),
          latestOptKind(eb, 'email', param('asOf')).as('email_opt'),
          eb
            .selectFrom('notifications')
            .select('status')
            .where('idempotency_key', '=', param('key'))
            .as('earlier_status'),
          needsConsent ? latestConsentKind(eb, 'sms', param('asOf')).as('sms_consent') : eb.val(null).as('sms_consent'),
          needsConsent
            ? latestConsentKind(eb, 'email', param('asOf')).as('email_consent')
            : eb.val(null).as('email_consent'),
          capped
            ? recentCount(eb, param('key'), param('capClass'), param('capSince')).as('recent')
            : eb.val(0).as('recent'),
        ])
        .where('customers.id', '=', param('customerId')),
  );
}
/** The newest opt-out or opt-in for the customer's phone (or email): the same rule as `latestOptChange`. */
function latestOptKind(eb: CustomerScope, channel: 'sms' | 'email', asOf: Date) {
  return eb
    .selectFrom('consent_events')
    .select('consent_events.kind')
    .where('consent_events.channel', '=', channel)
    .whereRef('consent_events.address', '=', channel === 'sms' ? 'customers.phone' : 'customers.email')
    .where('consent_events.kind', 'in', ['opt_out', 'opt_in'])
    .where('consent_events.at', '<=', asOf)
    .orderBy('consent_events.at', 'desc')
    .orderBy('consent_events.id', 'desc')
    .limit(1);
}

/** The newest marketing consent grant or revocation covering the channel: the same rule as `hasConsent`. */
function latestConsentKind(eb: CustomerScope, channel: 'sms' | 'email', asOf: Date) {
  return eb
    .selectFrom('consent_events')
    .select('consent_events.kind')
    .whereRef('consent_events.customer_id', '=', 'customers.id')
    .where('consent_events.purpose_class', '=', 'marketing')
    .where('consent_events.kind', 'in', ['consent_granted', 'consent_revoked'])
    .where((inner) =>
      inner.or([inner('consent_events.channel', 'is', null), inner('consent_events.channel', '=', channel)]),
    )
    .where('consent_events.at', '<=', asOf)
    .orderBy('consent_events.at', 'desc')
    .orderBy('consent_events.id', 'desc')
    .limit(1);
}

/** The same count as `countRecentNotifications`, with the key itself left out (a retry is not capped by its claim). */
function recentCount(eb: CustomerScope, key: string, messageClass: string, since: Date) {
  return eb
    .selectFrom('notifications')
    .select((inner) => inner.fn.countAll<number>().as('n'))
    .whereRef('notifications.customer_id', '=', 'customers.id')
    .where('notifications.message_class', '=', messageClass)
    .where('notifications.claimed_at', '>=', since)
    .where('notifications.status', 'in', COUNTED_STATUSES)
    .where('notifications.idempotency_key', '<>', key);
}
