import { type ExpressionBuilder, type RawBuilder, sql } from 'kysely';
import type { Database, DbOrTransaction } from '../database';
import type { CustomerRow } from '../tables/customers';

/**
 * Who a campaign reaches: customers matching every filter given (AND). Order-level filters (SKU, category, carrier,
 * delivered range, order ids) must all hold for one and the same non-cancelled order. Pages are read by keyset on
 * the customer id, so page n costs the same as page 1 and a page can be re-read after a crash.
 */
export interface AudienceFilter {
  readonly skus?: readonly string[];
  readonly categories?: readonly string[];
  readonly deliveredFrom?: string;
  readonly deliveredTo?: string;
  readonly carriers?: readonly string[];
  readonly locales?: readonly string[];
  readonly customerIds?: readonly string[];
  readonly orderIds?: readonly string[];
}

/**
 * Where long id lists (from CSV files) come from: the stored campaign's definition, read inside the query so they
 * never travel per page; or the filter itself (a preview of a campaign not stored yet), sent as one JSON parameter.
 */
export type AudienceSource =
  | {
      readonly campaignId: string;
      readonly filter: AudienceFilter;
      readonly hasCustomerIds: boolean;
      readonly hasOrderIds: boolean;
    }
  | { readonly filter: AudienceFilter };

export interface AudienceMember {
  readonly customerId: string;
  readonly name: string | null;
  readonly locale: string | null;
  readonly timezone: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly preferredChannel: 'sms' | 'email' | null;
  readonly phoneInvalid: boolean;
  readonly emailInvalid: boolean;
  /** The latest matching order (any order when no order filter is given); its product is named in the copy. */
  readonly orderId: string | null;
}

type CustomersEb = ExpressionBuilder<Database & { c: Database['customers'] }, 'c'>;

function idList(source: AudienceSource, key: 'customerIds' | 'orderIds'): RawBuilder<unknown> | undefined {
  if ('campaignId' in source) {
    const present = key === 'customerIds' ? source.hasCustomerIds : source.hasOrderIds;
    if (!present) return undefined;
    return sql`(select jsonb_array_elements_text(definition -> 'audience' -> ${key}) from campaigns where id = ${source.campaignId})`;
  }
  const list = source.filter[key];
  if (!list) return undefined;
  return sql`(select jsonb_array_elements_text(cast(${JSON.stringify(list)} as jsonb)))`;
}

function hasOrderFilter(source: AudienceSource): boolean {
  const f = source.filter;
  return Boolean(
    f.skus ?? f.categories ?? f.carriers ?? f.deliveredFrom ?? f.deliveredTo ?? idList(source, 'orderIds'),
  );
}

/** The customer's matching orders, latest first (correlated on `c.id`). */
function matchingOrders(eb: CustomersEb, source: AudienceSource) {
  const f = source.filter;
  const orderIds = idList(source, 'orderIds');
  const shipmentFilter = f.carriers ?? f.deliveredFrom ?? f.deliveredTo;
  return eb
    .selectFrom('orders as o')
    .select('o.id')
    .whereRef('o.customer_id', '=', 'c.id')
    .where('o.cancelled_at', 'is', null)
    .$if(orderIds !== undefined, (qb) => qb.where(sql<boolean>`o.id in ${orderIds}`))
    .$if(f.skus !== undefined, (qb) =>
      qb.where((oe) =>
        oe.exists(
          oe
            .selectFrom('order_items as i')
            .select(sql`1`.as('one'))
            .whereRef('i.order_id', '=', 'o.id')
            .where('i.sku', 'in', f.skus ?? []),
        ),
      ),
    )
    .$if(f.categories !== undefined, (qb) =>
      qb.where((oe) =>
        oe.exists(
          oe
            .selectFrom('order_items as i')
            .select(sql`1`.as('one'))
            .whereRef('i.order_id', '=', 'o.id')
            .where('i.category', 'in', f.categories ?? []),
        ),
      ),
    )
    .$if(shipmentFilter !== undefined, (qb) =>
      qb.where((oe) =>
        oe.exists(
          oe
            .selectFrom('shipments as s')
            .select(sql`1`.as('one'))
            .whereRef('s.order_id', '=', 'o.id')
            .$if(f.carriers !== undefined, (sq) => sq.where('s.carrier', 'in', f.carriers ?? []))
            .$if(f.deliveredFrom !== undefined, (sq) =>
              sq.where('s.delivered_at', '>=', new Date(f.deliveredFrom ?? 0)),
            )
            .$if(f.deliveredTo !== undefined, (sq) => sq.where('s.delivered_at', '<', new Date(f.deliveredTo ?? 0))),
        ),
      ),
    )
    .orderBy('o.placed_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(1);
}

function audienceQuery(db: DbOrTransaction, source: AudienceSource, after: string | null) {
  const f = source.filter;
  const customerIds = idList(source, 'customerIds');
  const orderFiltered = hasOrderFilter(source);
  return db
    .selectFrom('customers as c')
    .$if(after !== null, (qb) => qb.where('c.id', '>', after ?? ''))
    .$if(f.locales !== undefined, (qb) => qb.where('c.locale', 'in', f.locales ?? []))
    .$if(customerIds !== undefined, (qb) => qb.where(sql<boolean>`c.id in ${customerIds}`))
    .$if(orderFiltered, (qb) => qb.where((eb) => eb.exists(matchingOrders(eb, source))));
}

/** The next page of the audience after `after` (exclusive), in customer-id order. */
export async function audiencePage(
  db: DbOrTransaction,
  source: AudienceSource,
  after: string | null,
  limit: number,
): Promise<AudienceMember[]> {
  const rows = await audienceQuery(db, source, after)
    .select((eb) => [...CONTACT_COLUMNS, matchingOrders(eb, source).as('order_id')])
    .orderBy('c.id')
    .limit(limit)
    .execute();
  return rows.map((r) => memberOf(r, r.order_id ?? null));
}

/** Customer ids and locales of the next page: what a preview needs to count, hash and group by locale. */
export function audienceIdPage(
  db: DbOrTransaction,
  source: AudienceSource,
  after: string | null,
  limit: number,
): Promise<{ id: string; locale: string | null }[]> {
  return audienceQuery(db, source, after).select(['c.id', 'c.locale']).orderBy('c.id').limit(limit).execute();
}

/** The same contact facts for customers already chosen (a send batch re-checks them at send time). */
export async function contactsByIds(db: DbOrTransaction, customerIds: readonly string[]): Promise<AudienceMember[]> {
  if (customerIds.length === 0) return [];
  const rows = await db.selectFrom('customers as c').select(CONTACT_COLUMNS).where('c.id', 'in', customerIds).execute();
  return rows.map((r) => memberOf(r, null));
}

/** The customer columns every audience member carries. */
const CONTACT_COLUMNS = [
  'c.id',
  'c.name',
  'c.locale',
  'c.timezone',
  'c.phone',
  'c.email',
  'c.preferred_channel',
  'c.phone_invalid_at',
  'c.email_invalid_at',
] as const;

function memberOf(
  r: Pick<
    CustomerRow,
    | 'id'
    | 'name'
    | 'locale'
    | 'timezone'
    | 'phone'
    | 'email'
    | 'preferred_channel'
    | 'phone_invalid_at'
    | 'email_invalid_at'
  >,
  orderId: string | null,
): AudienceMember {
  return {
    customerId: r.id,
    name: r.name,
    locale: r.locale,
    timezone: r.timezone,
    phone: r.phone,
    email: r.email,
    preferredChannel: r.preferred_channel,
    phoneInvalid: r.phone_invalid_at !== null,
    emailInvalid: r.email_invalid_at !== null,
    orderId,
  };
}
