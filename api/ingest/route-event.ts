import { type WorkflowClient, WorkflowNotFoundError } from '@temporalio/client';
import type { DbOrTransaction } from '../../db/database';
import { recordConsent } from '../../db/repositories/consent';
import { upsertCustomer } from '../../db/repositories/customers';
import {
  forgetEvents,
  type IngestEventRecord,
  markEventsApplied,
  recordIngestEvent,
} from '../../db/repositories/event-log';
import { markOrderCancelled, markReturnRequested, recordOrderPlaced } from '../../db/repositories/orders';
import {
  markShipmentDelivered,
  markShipmentException,
  recordShipmentCreated,
  recordShipmentProgress,
} from '../../db/repositories/shipments';
import {
  recordFirstResponse,
  recordTicketOpened,
  recordTicketReopened,
  recordTicketResolved,
} from '../../db/repositories/tickets';
import type { EventOf, NotifyEvent } from '../../domain/events';
import { eventEntityIds, futureProblem } from '../../domain/events';
import { DEFAULT_CLOCK_SKEW_TOLERANCE_MS, type Policy } from '../../domain/policy';
import { orderJourney, supportTicket } from '../../workflows';
import { type OrderEvent, orderEventSignal, orderWorkflowId } from '../../workflows/order-journey/contract';
import { CUSTOMER_ID, JOURNEY_STAGE, ORDER_ID, SLA_STATE, TICKET_ID } from '../../workflows/search-attributes';
import { type TicketEvent, ticketEventSignal, ticketWorkflowId } from '../../workflows/support-ticket/contract';

export interface RouterDeps {
  readonly db: DbOrTransaction;
  readonly workflows: WorkflowClient;
  readonly taskQueue: string;
  /** The policy snapshot each new workflow starts with. */
  readonly policy: Policy;
  /** `api`, `cli` or `simulation`, recorded in the event log. */
  readonly source: string;
  /** When an event counts as applied; the wall clock when absent. */
  readonly clock?: () => Date;
}

export type RouteOutcome =
  | { readonly status: 'accepted' }
  | { readonly status: 'duplicate' }
  | { readonly status: 'rejected'; readonly reason: string };

/**
 * Records a valid event once and wakes the workflow that owns it only when the event can change a decision
 * (architecture.md 4.4): customers go to the database; order, shipment and return milestones to the order journey by
 * signal-with-start; carrier scans to the progress log only; ticket events to the ticket's workflow.
 * An id recorded by a request that died before applying it is applied now; only an applied id is a `duplicate`.
 */
export async function routeEvent(deps: RouterDeps, event: NotifyEvent, receivedAt: Date): Promise<RouteOutcome> {
  const tooEarly = refusedAsFuture(deps, event, receivedAt);
  if (tooEarly) return tooEarly;
  const state = await recordIngestEvent(deps.db, ingestRecordOf(event, receivedAt, deps.source));
  if (state === 'applied') return { status: 'duplicate' };
  let outcome: RouteOutcome;
  try {
    outcome = await applyEvent(deps, event, receivedAt);
  } catch (err) {
    await settleEvents(deps, { applied: [], unreserved: [event.id] }).catch(() => undefined);
    throw err;
  }
  await settleEvents(
    deps,
    outcome.status === 'rejected' ? { applied: [], unreserved: [event.id] } : { applied: [event.id], unreserved: [] },
  );
  return outcome;
}

/**
 * An event dated further in the future than the clock-skew tolerance is refused before it is recorded (its id stays
 * free): its sender's clock is wrong, and timers set from it would fire at the wrong time.
 */
export function refusedAsFuture(deps: RouterDeps, event: NotifyEvent, receivedAt: Date): RouteOutcome | undefined {
  const tolerance = deps.policy.clockSkewToleranceMs ?? DEFAULT_CLOCK_SKEW_TOLERANCE_MS;
  const problem = futureProblem(Date.parse(event.occurredAt), receivedAt.getTime(), tolerance);
  return problem === undefined ? undefined : { status: 'rejected', reason: problem };
}

/**
 * After applying: ids whose effects are done are marked applied (taken for good); ids refused (a ticket event before
 * its ticket) or whose application threw are forgotten, so the sender's resend is processed, not a `duplicate`.
 * If this step itself fails, the ids stay recorded-but-unapplied, and the resend (or the sweep) applies them again.
 */
export async function settleEvents(
  deps: RouterDeps,
  ids: { readonly applied: readonly string[]; readonly unreserved: readonly string[] },
): Promise<void> {
  await markEventsApplied(deps.db, ids.applied, (deps.clock ?? (() => new Date()))());
  await forgetEvents(deps.db, ids.unreserved);
}

/** The event log's row for an event. */
export function ingestRecordOf(event: NotifyEvent, receivedAt: Date, source: string): IngestEventRecord {
  const ids = eventEntityIds(event);
  return {
    eventId: event.id,
    type: event.type,
    occurredAt: new Date(event.occurredAt),
    receivedAt,
    payload: event.data,
    warnings: event.warnings ?? null,
    orderId: ids.orderId ?? null,
    shipmentId: 'shipmentId' in event.data ? event.data.shipmentId : null,
    ticketId: ids.ticketId ?? null,
    customerId: ids.customerId ?? null,
    source,
  };
}

/**
 * Applies a recorded event: the database writes it implies (upserts, safe to repeat), then the workflow it wakes
 * (which ignores an event id it has already seen). Applying the same event twice — a resend racing a sweep, two API
 * processes — therefore changes nothing the first application did not.
 */
export async function applyEvent(deps: RouterDeps, event: NotifyEvent, receivedAt: Date): Promise<RouteOutcome> {
  const at = new Date(event.occurredAt);
  // Workflows get the arrival time with the event, and decide from their own policy snapshot whether it is stale
  // (architecture.md 6.3). Recorded in their history, so replay decides the same; a time, no personal data.
  const signalled = { ...event, receivedAt: receivedAt.getTime() };
  switch (event.type) {
    case 'customer.upserted':
      await recordCustomer(deps.db, event, at);
      return { status: 'accepted' };
    case 'shipment.scan':
      await recordShipmentProgress(deps.db, {
        shipmentId: event.data.shipmentId,
        eventId: event.id,
        status: event.data.status,
        location: event.data.location ?? null,
        description: event.data.description ?? null,
        occurredAt: at,
      });
      return { status: 'accepted' };
    case 'order.placed':
      await recordOrderPlaced(deps.db, {
        id: event.data.orderId,
        customerId: event.data.customerId,
        items: event.data.items,
        promisedDeliveryBy: event.data.promisedDeliveryBy ? new Date(event.data.promisedDeliveryBy) : null,
        placedAt: at,
      });
      return wakeJourney(deps, signalled, event.data.customerId);
    case 'order.cancelled':
      await markOrderCancelled(deps.db, event.data.orderId, at);
      return wakeJourney(deps, signalled);
    case 'return.requested':
      await markReturnRequested(deps.db, { orderId: event.data.orderId, reason: event.data.reason ?? null, at });
      return wakeJourney(deps, signalled);
    case 'shipment.created':
      await recordShipmentCreated(deps.db, {
        id: event.data.shipmentId,
        orderId: event.data.orderId,
        carrier: event.data.carrier,
        trackingNumber: event.data.trackingNumber,
        promisedDeliveryBy: event.data.promisedDeliveryBy ? new Date(event.data.promisedDeliveryBy) : null,
        shippedAt: at,
      });
      return wakeJourney(deps, signalled);
    case 'shipment.exception':
      await markShipmentException(deps.db, { shipmentId: event.data.shipmentId, reason: event.data.reason, at });
      return wakeJourney(deps, signalled);
    case 'shipment.delivered':
      await markShipmentDelivered(deps.db, event.data.shipmentId, at);
      return wakeJourney(deps, signalled);
    case 'ticket.opened':
      await recordTicketOpened(deps.db, {
        id: event.data.ticketId,
        customerId: event.data.customerId,
        orderId: event.data.orderId ?? null,
        priority: event.data.priority,
        channel: event.data.channel,
        subject: event.data.subject,
        openedAt: at,
      });
      return startTicket(deps, { ...event, receivedAt: receivedAt.getTime() });
    case 'ticket.agent_replied':
      await recordFirstResponse(deps.db, event.data.ticketId, at);
      return signalTicket(deps, signalled);
    case 'ticket.resolved':
      await recordTicketResolved(deps.db, {
        ticketId: event.data.ticketId,
        resolution: event.data.resolution,
        reshipShipmentId: event.data.reshipShipmentId ?? null,
        at,
      });
      return signalTicket(deps, signalled);
    case 'ticket.reopened':
      await recordTicketReopened(deps.db, event.data.ticketId, at);
      return signalTicket(deps, signalled);
  }
}

async function recordCustomer(db: DbOrTransaction, event: EventOf<'customer.upserted'>, at: Date): Promise<void> {
  const { data } = event;
  // A contact dropped as unusable keeps the stored one (customers.ts `keepStored`); the reason is in the event log.
  const dropped = (event.warnings ?? []).map((warning) => warning.field.replace(/^data\./, ''));
  await upsertCustomer(db, {
    id: data.customerId,
    name: data.name,
    phone: data.phone ?? null,
    email: data.email ?? null,
    locale: data.locale,
    timezone: data.timezone ?? null,
    preferredChannel: data.preferredChannel,
    keepStored: (['phone', 'email', 'timezone'] as const).filter((field) => dropped.includes(field)),
    at,
  });
  await recordConsent(db, {
    customerId: data.customerId,
    purposeClass: 'marketing',
    granted: data.consents.marketing,
    source: 'api',
    at,
  });
}

/** An event as signalled to its workflow: with the time the API received it. */
type Signalled<E extends NotifyEvent = NotifyEvent> = E & { readonly receivedAt: number };

/** The first event about an order starts its journey (signal-with-start); later ones are delivered to it. */
async function wakeJourney(deps: RouterDeps, event: Signalled, knownCustomerId?: string): Promise<RouteOutcome> {
  const orderId = (event.data as { orderId: string }).orderId;
  if (knownCustomerId === undefined) {
    // A later milestone nearly always finds its journey running; a plain signal then needs no customer id, which
    // saves reading the order. Only a journey that is not running (never started, or finished) needs the start.
    try {
      await deps.workflows.getHandle(orderWorkflowId(orderId)).signal(orderEventSignal, event as OrderEvent);
      return { status: 'accepted' };
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  const customerId = knownCustomerId ?? (await orderCustomerId(deps.db, orderId)) ?? '';
  await deps.workflows.signalWithStart(orderJourney, {
    workflowId: orderWorkflowId(orderId),
    taskQueue: deps.taskQueue,
    args: [{ orderId, customerId, policy: deps.policy }],
    signal: orderEventSignal,
    signalArgs: [event as OrderEvent],
    typedSearchAttributes: [
      { key: ORDER_ID, value: orderId },
      { key: JOURNEY_STAGE, value: 'placed' },
      ...(customerId ? [{ key: CUSTOMER_ID, value: customerId }] : []),
    ],
    staticSummary: `Order ${orderId}${customerId ? ` for customer ${customerId}` : ''}`,
    staticDetails: 'Watches the shipment, apologises before the customer asks, acts on replies, sends the usage guide.',
  });
  return { status: 'accepted' };
}

async function startTicket(deps: RouterDeps, event: Signalled<EventOf<'ticket.opened'>>): Promise<RouteOutcome> {
  const { ticketId, customerId, orderId, priority } = event.data;
  await deps.workflows.signalWithStart(supportTicket, {
    workflowId: ticketWorkflowId(ticketId),
    taskQueue: deps.taskQueue,
    args: [
      {
        ticketId,
        customerId,
        priority,
        openedFrom: 'event',
        openedAt: Date.parse(event.occurredAt),
        receivedAt: event.receivedAt,
        policy: deps.policy,
        ...(orderId ? { orderId, orderWorkflowId: orderWorkflowId(orderId) } : {}),
      },
    ],
    signal: ticketEventSignal,
    signalArgs: [event as TicketEvent],
    typedSearchAttributes: [
      { key: TICKET_ID, value: ticketId },
      { key: CUSTOMER_ID, value: customerId },
      { key: SLA_STATE, value: 'running' },
      ...(orderId ? [{ key: ORDER_ID, value: orderId }] : []),
    ],
    staticSummary: `Ticket ${ticketId} (${priority}) for customer ${customerId}`,
    staticDetails: 'First-response SLA with warning and escalation, then a check-in with a 1-5 satisfaction survey.',
  });
  return { status: 'accepted' };
}

/** Ticket events other than `ticket.opened` go to a running ticket; an unknown ticket is the sender's mistake. */
async function signalTicket(deps: RouterDeps, event: Signalled): Promise<RouteOutcome> {
  const ticketId = (event.data as { ticketId: string }).ticketId;
  try {
    await deps.workflows.getHandle(ticketWorkflowId(ticketId)).signal(ticketEventSignal, event as TicketEvent);
    return { status: 'accepted' };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      return { status: 'rejected', reason: `no open ticket ${ticketId}: send ticket.opened first` };
    }
    throw err;
  }
}

/** The customer an order belongs to, for starting its journey from a later milestone (one narrow read). */
async function orderCustomerId(db: DbOrTransaction, orderId: string): Promise<string | undefined> {
  const row = await db.selectFrom('orders').select('customer_id').where('id', '=', orderId).executeTakeFirst();
  return row?.customer_id;
}
