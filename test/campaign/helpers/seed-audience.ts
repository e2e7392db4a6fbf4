import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database';

export interface SeededAudience {
  /** Every customer with a FAN-01 order: the campaign audience. */
  readonly audience: readonly string[];
  /** Customers of other products only (never in the audience). */
  readonly others: readonly string[];
  readonly optedOut: ReadonlySet<string>;
  readonly unconsented: ReadonlySet<string>;
  /** Customers in New York (their marketing window opens later than Shanghai's). */
  readonly newYork: ReadonlySet<string>;
}

const pad = (i: number) => String(i).padStart(5, '0');

/**
 * `size` customers who bought FAN-01 (every 2nd in New York, the rest in Shanghai; every 40th opted out of SMS,
 * every 50th without marketing consent) and 100 who bought something else. Bulk inserts, a few hundred rows each.
 */
export async function seedAudience(db: Kysely<Database>, size: number, at: Date): Promise<SeededAudience> {
  const audience: string[] = [];
  const others: string[] = [];
  const optedOut = new Set<string>();
  const unconsented = new Set<string>();
  const newYork = new Set<string>();
  const customers = [];
  const orders = [];
  const items = [];
  const consents = [];
  for (let i = 0; i < size + 100; i += 1) {
    const id = `c-${pad(i)}`;
    const inAudience = i < size;
    const ny = i % 2 === 1;
    (inAudience ? audience : others).push(id);
    if (ny) newYork.add(id);
    const phone = ny ? `+1212555${pad(i).slice(1)}` : `+86138${pad(i)}000`;
    // Opted out of SMS with no email to fall back to: nothing may reach them.
    const optOut = i % 40 === 3;
    customers.push({
      id,
      name: ny ? `Dana ${i}` : `王芳${i}`,
      phone,
      email: optOut ? null : `${id}@example.com`,
      locale: ny ? 'en' : 'zh-CN',
      timezone: ny ? 'America/New_York' : 'Asia/Shanghai',
      preferred_channel: 'sms' as const,
      created_at: at,
      updated_at: at,
    });
    orders.push({ id: `o-${pad(i)}`, customer_id: id, placed_at: at, created_at: at, updated_at: at });
    items.push({
      order_id: `o-${pad(i)}`,
      line_no: 1,
      sku: inAudience ? 'FAN-01' : 'KETTLE-02',
      name: inAudience ? '落地电风扇' : '电热水壶',
      category: 'small_appliance',
      quantity: 1,
    });
    if (i % 50 === 7) unconsented.add(id);
    else
      consents.push({
        customer_id: id,
        channel: null,
        kind: 'consent_granted' as const,
        purpose_class: 'marketing',
        source: 'cli' as const,
        at,
      });
    if (optOut) {
      optedOut.add(id);
      consents.push({
        customer_id: id,
        address: phone,
        channel: 'sms' as const,
        kind: 'opt_out' as const,
        purpose_class: null,
        source: 'sms_keyword' as const,
        keyword: 'STOP',
        at,
      });
    }
  }
  for (let start = 0; start < customers.length; start += 500) {
    await db
      .insertInto('customers')
      .values(customers.slice(start, start + 500))
      .execute();
    await db
      .insertInto('orders')
      .values(orders.slice(start, start + 500))
      .execute();
    await db
      .insertInto('order_items')
      .values(items.slice(start, start + 500))
      .execute();
  }
  for (let start = 0; start < consents.length; start += 500) {
    await db
      .insertInto('consent_events')
      .values(consents.slice(start, start + 500))
      .execute();
  }
  return { audience, others, optedOut, unconsented, newYork };
}
