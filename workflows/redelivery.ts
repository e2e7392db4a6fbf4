import { proxyActivities, sleep } from '@temporalio/workflow';
import type { DeliveryActivities } from '../domain/activity-contract';
import { notifyCustomer } from './activity-proxies';
import type { RedeliveryInput } from './redelivery/contract';

const delivery = proxyActivities<DeliveryActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** A window can be missed at most this often before giving up (a timer that fires late, twice, is already odd). */
const MAX_DEFERRALS = 3;

/**
 * An SMS Twilio accepted and then could not deliver (status callback 30001, 30003, 30005, 30006, 30036): apply the
 * class's after-acceptance policy (domain/after-acceptance.ts) once, through the normal notify activity under a
 * derived key, so the outbox, windows, opt-outs and caps hold for the second try as for the first. Started by the
 * status route with an id derived from the key, so duplicated callbacks redeliver once.
 */
export async function redelivery(input: RedeliveryInput): Promise<string> {
  const plan = await delivery.planRedelivery(input);
  if (plan.action === 'record_only') return `recorded (${plan.reason})`;
  if (plan.afterMs > 0) await sleep(plan.afterMs);
  for (let deferrals = 0; ; deferrals++) {
    const outcome = await notifyCustomer(plan.notify);
    if (outcome.status !== 'deferred') {
      return `${plan.action}: ${outcome.status}${outcome.status === 'failed' || outcome.status === 'refused' ? ` (${outcome.reason})` : ''}`;
    }
    if (deferrals >= MAX_DEFERRALS) return `${plan.action}: deferred too often`;
    // Outside the customer's window: wait for its opening, where notify judges the window again.
    await sleep(Math.max(outcome.until - Date.now(), 1_000));
  }
}
