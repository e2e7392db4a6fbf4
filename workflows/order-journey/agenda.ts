import type { Journey, PendingSend } from './journey-state';

/**
 * The journey's single clock: of everything it is waiting for, the earliest. The workflow sets one timer for it, so a
 * journey never holds more than one timer however many scans, shipments and plans it has.
 */
export type Due =
  | { readonly kind: 'watchdog'; readonly at: number; readonly shipmentId: string }
  | { readonly kind: 'followUp'; readonly at: number; readonly shipmentId: string }
  | { readonly kind: 'send'; readonly at: number; readonly send: PendingSend }
  | { readonly kind: 'promptExpiry'; readonly at: number }
  | { readonly kind: 'lateCheck'; readonly at: number };

export function agenda(journey: Journey): Due[] {
  const { data } = journey;
  const items: Due[] = [];
  for (const shipment of Object.values(data.shipments)) {
    if (shipment.phase === 'watching') {
      items.push({ kind: 'watchdog', at: journey.watchdogAt(shipment), shipmentId: shipment.id });
    } else if (shipment.phase === 'noticed') {
      items.push({ kind: 'followUp', at: journey.followUpAt(shipment), shipmentId: shipment.id });
    }
  }
  for (const send of data.pending) items.push({ kind: 'send', at: send.at, send });
  if (data.prompt) items.push({ kind: 'promptExpiry', at: data.prompt.expiresAt });
  if (data.promisedDeliveryBy !== undefined && !data.lateChecked && journey.policy.lateDelivery.apologise) {
    items.push({ kind: 'lateCheck', at: data.promisedDeliveryBy });
  }
  // Stable order for equal instants: the order pushed above, which is deterministic.
  return items.sort((a, b) => a.at - b.at);
}

export function nextDue(journey: Journey): Due | undefined {
  return agenda(journey)[0];
}

/** Words for the Temporal UI's timer summary: what the journey is waiting for, and until when. */
export function describeDue(due: Due): string {
  const until = new Date(due.at).toISOString().replace('.000Z', 'Z');
  switch (due.kind) {
    case 'watchdog':
      return `stall watchdog for ${due.shipmentId} until ${until}`;
    case 'followUp':
      return `follow-up check on ${due.shipmentId} at ${until}`;
    case 'send':
      return `${due.send.purpose} waits for ${due.send.localTime} local`;
    case 'promptExpiry':
      return `reply window closes ${until}`;
    case 'lateCheck':
      return `promised delivery date ${until}`;
  }
}
