import { DateTime } from 'luxon';
import type { DbOrTransaction } from '../../db/database';

/** One thing the simulated service did, as `notify simulate --json` prints it (shared/fixtures/traces/README.md). */
export interface TimelineEntry {
  readonly at: string;
  readonly kind: 'message' | 'staff_alert' | 'action';
  readonly purpose: string;
  readonly localTime: string;
  readonly customerId?: string;
  readonly orderId?: string;
  readonly ticketId?: string;
  readonly campaignId?: string;
  readonly channel?: string;
  readonly body?: string;
}

/**
 * Reads what happened from the database, the same record an operator would audit: messages customers received
 * (refused and failed ones are not messages anyone received), staff alerts, and actions. Local times are in the zone
 * of the customer concerned.
 */
export async function readTimeline(db: DbOrTransaction, defaultZone: string): Promise<TimelineEntry[]> {
  const [notifications, actions, tickets, customers] = await Promise.all([
    db.selectFrom('notifications').selectAll().where('status', 'in', ['queued', 'sent', 'delivered']).execute(),
    db.selectFrom('service_actions').selectAll().execute(),
    db.selectFrom('tickets').select(['id', 'customer_id', 'order_id']).execute(),
    db.selectFrom('customers').select(['id', 'timezone']).execute(),
  ]);
  const zoneOf = new Map(customers.map((c) => [c.id, c.timezone ?? defaultZone]));
  const ticketOf = new Map(tickets.map((t) => [t.id, t]));
  const local = (at: Date, customerId: string | null | undefined) =>
    DateTime.fromJSDate(at, { zone: (customerId && zoneOf.get(customerId)) || defaultZone }).toISO({
      suppressMilliseconds: true,
    }) ?? '';

  const entries: TimelineEntry[] = notifications.map((n) => {
    const at = n.sent_at ?? n.claimed_at;
    const [kind, id] = splitWorkflowId(n.workflow_id);
    const ticket = kind === 'ticket' ? ticketOf.get(id) : undefined;
    const customerId = n.customer_id ?? ticket?.customer_id ?? undefined;
    const orderId = kind === 'order' ? id : (ticket?.order_id ?? undefined);
    const staff = n.channel === 'staff';
    return {
      at: at.toISOString(),
      kind: staff ? 'staff_alert' : 'message',
      purpose: n.purpose,
      localTime: local(at, customerId),
      ...(customerId && !staff ? { customerId } : {}),
      ...(orderId ? { orderId } : {}),
      ...(kind === 'ticket' ? { ticketId: id } : {}),
      ...(kind === 'campaign' ? { campaignId: id } : {}),
      ...(staff ? {} : { channel: n.channel, body: n.body ?? '' }),
    };
  });
  for (const a of actions) {
    entries.push({
      at: a.at.toISOString(),
      kind: 'action',
      purpose: a.action,
      localTime: local(a.at, a.customer_id),
      customerId: a.customer_id,
      ...(a.order_id ? { orderId: a.order_id } : {}),
      ...(a.ticket_id ? { ticketId: a.ticket_id } : {}),
    });
  }
  return entries.sort((x, y) => x.at.localeCompare(y.at));
}

function splitWorkflowId(workflowId: string): [string, string] {
  const colon = workflowId.indexOf(':');
  const slash = workflowId.indexOf('/');
  const end = slash === -1 ? workflowId.length : slash;
  return colon === -1 ? ['', workflowId] : [workflowId.slice(0, colon), workflowId.slice(colon + 1, end)];
}

/** The readable form: one line per entry, local time first. */
export function formatTimeline(entries: readonly TimelineEntry[]): string {
  return entries
    .map((e) => {
      const who = [e.customerId, e.orderId, e.ticketId].filter(Boolean).join(' ');
      const head = `${e.localTime}  ${e.kind.padEnd(11)} ${e.purpose.padEnd(20)} ${who}`;
      return e.body ? `${head}\n    [${e.channel}] ${e.body.replace(/\n/g, '\n    ')}` : head;
    })
    .join('\n');
}
