import { type IngestState, recordIngestEvents } from '../../db/repositories/event-log';
import type { NotifyEvent } from '../../domain/events';
import { eventEntityIds } from '../../domain/events';
import {
  applyEvent,
  ingestRecordOf,
  refusedAsFuture,
  type RouteOutcome,
  type RouterDeps,
  settleEvents,
} from './route-event';

/** How many orders (tickets, customers) of one request are applied at the same time. */
const DEFAULT_PARALLELISM = 16;

export type BatchOutcome =
  | { readonly ok: true; readonly outcomes: readonly RouteOutcome[] }
  /** Something was down: `outcomes` has the events that were settled (others are undefined and were not kept). */
  | { readonly ok: false; readonly error: unknown; readonly outcomes: readonly (RouteOutcome | undefined)[] };

/**
 * The valid events of one request, with `routeEvent`'s guarantees and at a fraction of its cost: the event log
 * takes the whole batch in one statement, then events about the same order (or ticket, or customer) are applied one
 * after another in request order, while different ones proceed concurrently. A batch of many orders then takes
 * about as long as its busiest order, not the sum of all of them.
 *
 * An event's own order is the one that matters: its workflow sees its milestones in the order they were sent. A
 * customer record and that customer's order may be applied in either order, as nothing at ingest reads one from the
 * other.
 */
export async function routeBatch(
  deps: RouterDeps,
  events: readonly NotifyEvent[],
  receivedAt: Date,
  parallelism = DEFAULT_PARALLELISM,
): Promise<BatchOutcome> {
  const outcomes: (RouteOutcome | undefined)[] = events.map(() => undefined);
  // A repeated id within the request is a duplicate of its first occurrence, as it would be in a later request.
  const firstIndex = new Map<string, number>();
  events.forEach((event, index) => {
    // Refused before recording, so the id stays free for a corrected resend.
    const tooEarly = refusedAsFuture(deps, event, receivedAt);
    if (tooEarly) outcomes[index] = tooEarly;
    else if (firstIndex.has(event.id)) outcomes[index] = { status: 'duplicate' };
    else firstIndex.set(event.id, index);
  });
  const firsts = [...firstIndex.values()].map((index) => events[index] as NotifyEvent);
  let states: ReadonlyMap<string, IngestState>;
  try {
    states = await recordIngestEvents(
      deps.db,
      firsts.map((event) => ingestRecordOf(event, receivedAt, deps.source)),
    );
  } catch (error) {
    return { ok: false, error, outcomes: events.map(() => undefined) };
  }

  const groups = new Map<string, number[]>();
  for (const index of firstIndex.values()) {
    const event = events[index] as NotifyEvent;
    // `unapplied`: recorded by a request that died before applying it; applied now, like a new one.
    if (states.get(event.id) === 'applied') {
      outcomes[index] = { status: 'duplicate' };
      continue;
    }
    const key = orderingKey(event);
    groups.set(key, [...(groups.get(key) ?? []), index]);
  }

  let failure: { error: unknown } | undefined;
  const queue = [...groups.values()];
  const applyGroups = async () => {
    for (let group = queue.shift(); group && !failure; group = queue.shift()) {
      for (const index of group) {
        if (failure) break;
        try {
          outcomes[index] = await applyEvent(deps, events[index] as NotifyEvent, receivedAt);
        } catch (error) {
          failure ??= { error };
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelism, groups.size) }, applyGroups));
  const routed = [...groups.values()].flat();
  const idAt = (index: number) => (events[index] as NotifyEvent).id;
  const settled = {
    applied: routed.filter((index) => outcomes[index]?.status === 'accepted').map(idAt),
    unreserved: routed.filter((index) => outcomes[index]?.status !== 'accepted').map(idAt),
  };
  try {
    await settleEvents(deps, settled);
  } catch (error) {
    // Applied events stay recorded-but-unapplied: the sender's retry (or the sweep) applies them again, harmlessly.
    failure ??= { error };
  }
  if (!failure) return { ok: true, outcomes: outcomes as RouteOutcome[] };
  return { ok: false, error: failure.error, outcomes };
}

/** Events with the same key reach the same workflow (or record) and must keep their request order. */
function orderingKey(event: NotifyEvent): string {
  const { ticketId, orderId, customerId } = eventEntityIds(event);
  if (ticketId !== undefined) return `ticket:${ticketId}`;
  if (orderId !== undefined) return `order:${orderId}`;
  return `customer:${customerId ?? event.id}`;
}
