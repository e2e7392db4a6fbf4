import type { ExpressionBuilder } from 'kysely';
import type { Database, DbOrTransaction } from '../database';
import type { NotificationStatus } from '../notification-status';
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

export interface SendContext {
  readonly customer: CustomerRow;
  /** The status an earlier attempt left under this key; null when the key is new. */
  readonly earlierStatus: NotificationStatus | null;
  readonly sms: ChannelState;
  readonly email: ChannelState;
  /** Messages of the capped class the customer got in the window, this key left out; 0 for uncapped classes. */
  readonly recentCount: number;
}

type CustomerScope = ExpressionBuilder<Database, 'customers'>;

/**
 * Everything the notify activity decides on, in one round trip: the customer, the opt-out state of their phone and
 * email, marketing consent per channel, the frequency-cap count and the key's earlier status. Correlated subqueries
 * each probe one index (consent by address or customer, the outbox by customer and class, the outbox key).
 * Undefined when the customer is unknown.
 */
export async function loadSendContext(db: DbOrTransaction, query: SendContextQuery): Promise<SendContext | undefined> {
  const row = await db
    .selectFrom('customers')
    .selectAll('customers')
    .select((eb) => [
      latestOptKind(eb, 'sms', query.asOf).as('sms_opt'),
      latestOptKind(eb, 'email', query.asOf).as('email_opt'),
      eb.selectFrom('notifications').select('status').where('idempotency_key', '=', query.key).as('earlier_status'),
    ])
    .$if(query.needsConsent, (qb) =>
      qb.select((eb) => [
        latestConsentKind(eb, 'sms', query.asOf).as('sms_consent'),
        latestConsentKind(eb, 'email', query.asOf).as('email_consent'),
      ]),
    )
    .$if(query.cap !== undefined, (qb) =>
      qb.select((eb) => recentCount(eb, query.key, query.cap as NonNullable<SendContextQuery['cap']>).as('recent')),
    )
    .where('customers.id', '=', query.customerId)
    .executeTakeFirst();
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
function recentCount(eb: CustomerScope, key: string, cap: NonNullable<SendContextQuery['cap']>) {
  return eb
    .selectFrom('notifications')
    .select((inner) => inner.fn.countAll<number>().as('n'))
    .whereRef('notifications.customer_id', '=', 'customers.id')
    .where('notifications.message_class', '=', cap.messageClass)
    .where('notifications.claimed_at', '>=', cap.since)
    .where('notifications.status', 'in', COUNTED_STATUSES)
    .where('notifications.idempotency_key', '<>', key);
}
