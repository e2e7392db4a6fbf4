import type { DbOrTransaction } from '../database';
import type { TicketPriority, TicketResolution, TicketRow } from '../tables/tickets';

export interface TicketOpening {
  readonly id: string;
  readonly customerId: string;
  readonly orderId: string | null;
  readonly priority: TicketPriority;
  readonly channel: string | null;
  readonly subject: string;
  readonly openedAt: Date;
}

/** Records `ticket.opened` once; a repeat returns the ticket as first recorded, with `isNew` false. */
export async function recordTicketOpened(
  db: DbOrTransaction,
  ticket: TicketOpening,
): Promise<{ readonly ticket: TicketRow; readonly isNew: boolean }> {
  const inserted = await db
    .insertInto('tickets')
    .values({
      id: ticket.id,
      customer_id: ticket.customerId,
      order_id: ticket.orderId,
      priority: ticket.priority,
      channel: ticket.channel,
      subject: ticket.subject,
      opened_at: ticket.openedAt,
      created_at: ticket.openedAt,
      updated_at: ticket.openedAt,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { ticket: inserted, isNew: true };
  const existing = await db.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
  return { ticket: existing, isNew: false };
}

export function getTicket(db: DbOrTransaction, id: string): Promise<TicketRow | undefined> {
  return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records the first agent reply; later replies change nothing. True when this call recorded it. */
export async function recordFirstResponse(db: DbOrTransaction, ticketId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('tickets')
    .set({ first_response_at: at, updated_at: at })
    .where('id', '=', ticketId)
    .where('first_response_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface TicketResolutionInput {
  readonly ticketId: string;
  readonly resolution: TicketResolution;
  readonly reshipShipmentId: string | null;
  readonly at: Date;
}

/** Records `ticket.resolved` on an open ticket. False when the ticket is unknown or not open. */
export async function recordTicketResolved(db: DbOrTransaction, input: TicketResolutionInput): Promise<boolean> {
  const result = await db
    .updateTable('tickets')
    .set({
      status: 'resolved',
      resolution: input.resolution,
      reship_shipment_id: input.reshipShipmentId,
      resolved_at: input.at,
      updated_at: input.at,
    })
    .where('id', '=', input.ticketId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Reopens a resolved ticket (`ticket.reopened`, or a low satisfaction score). False unless it was resolved. */
export async function recordTicketReopened(db: DbOrTransaction, ticketId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('tickets')
    .set((eb) => ({ status: 'open', reopened_at: at, reopen_count: eb('reopen_count', '+', 1), updated_at: at }))
    .where('id', '=', ticketId)
    .where('status', '=', 'resolved')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Is a ticket about this order open? (Stall notices pause and the usage guide is skipped while one is.) */
export async function hasOpenTicketForOrder(db: DbOrTransaction, orderId: string): Promise<boolean> {
  const row = await db
    .selectFrom('tickets')
    .select('id')
    .where('order_id', '=', orderId)
    .where('status', '=', 'open')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
