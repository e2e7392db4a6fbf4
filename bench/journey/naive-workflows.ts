import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { NotifyActivities } from '../../domain/activity-contract';

/**
 * The naive design the order journey is measured against: every event, scans included, is a signal; every scan
 * resets the stall timer; every message is planned and sent by its own activity; the ticket arms a timer per
 * deadline. Correct enough to count its actions; not used by the service.
 */
const acts = proxyActivities<NotifyActivities>({ startToCloseTimeout: '1 minute' });
export const naiveEvent = defineSignal<[{ type: string; at: number; shipmentId?: string }]>('naiveEvent');

const HOUR = 3_600_000;

export async function naiveOrderJourney(orderId: string, customerId: string): Promise<void> {
  const inbox: { type: string; at: number }[] = [];
  setHandler(naiveEvent, (event) => void inbox.push(event));
  let delivered: number | undefined;
  while (delivered === undefined) {
    // The stall timer is re-armed on every event (a timer per scan).
    const woke = await condition(() => inbox.length > 0, 48 * HOUR);
    if (!woke) {
      await send(orderId, customerId, 'shipment.stalled');
      continue;
    }
    for (const event of inbox.splice(0)) if (event.type === 'shipment.delivered') delivered = event.at;
  }
  const plan = await acts.planSend({
    customerId,
    purpose: 'usage.guide',
    notBefore: Date.now(),
    delay: { anchor: delivered, days: 2, atLocal: '10:00' },
  });
  await sleep(Math.max(1, plan.sendAt - Date.now()));
  await send(orderId, customerId, 'usage.guide');
}

export async function naiveSupportTicket(ticketId: string, customerId: string): Promise<void> {
  const inbox: { type: string; at: number }[] = [];
  setHandler(naiveEvent, (event) => void inbox.push(event));
  await send(ticketId, customerId, 'ticket.ack');
  const replied = () => inbox.some((e) => e.type === 'ticket.agent_replied');
  if (!(await condition(replied, 45 * 60_000))) {
    await acts.alertStaff({ key: `${ticketId}/w`, purpose: 'sla.warning', ticketId, customerId, priority: 'normal' });
    if (!(await condition(replied, 15 * 60_000))) {
      await acts.alertStaff({ key: `${ticketId}/b`, purpose: 'sla.breach', ticketId, customerId, priority: 'normal' });
      await send(ticketId, customerId, 'ticket.sla_holding');
    }
  }
  await condition(() => inbox.some((e) => e.type === 'ticket.resolved'));
  const plan = await acts.planSend({ customerId, purpose: 'ticket.checkin', notBefore: Date.now() });
  await sleep(Math.max(1, plan.sendAt - Date.now()) + 3 * 24 * HOUR);
  await send(ticketId, customerId, 'ticket.checkin');
  await condition(() => false, 3 * 24 * HOUR);
}

let n = 0;
async function send(
  id: string,
  customerId: string,
  purpose: 'shipment.stalled' | 'usage.guide' | 'ticket.ack' | 'ticket.sla_holding' | 'ticket.checkin',
) {
  await acts.notify({ key: `${id}/${purpose}/${++n}`, workflowId: id, purpose, customerId, context: {} });
}
