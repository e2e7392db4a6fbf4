import { getCustomer } from '../db/repositories/customers';
import { planSend } from '../domain/send-window';
import type { ActivityDeps } from './deps';
import type { PlanSendInput, PlanSendResult } from '../domain/activity-contract';

/**
 * When may this message go? Run as a local activity: the answer depends on time-zone rules of the runtime, so it is
 * computed here once and recorded in history, never recomputed on replay.
 */
export function createPlanSend(deps: ActivityDeps): (input: PlanSendInput) => Promise<PlanSendResult> {
  return async (input) => {
    const customer = await getCustomer(deps.db, input.customerId);
    const { policy } = deps;
    const window = policy.windowExempt.includes(input.purpose) ? null : policy.windows[policy.classes[input.purpose]];
    const plan = planSend(
      { now: input.notBefore, zone: customer?.timezone, window, ...(input.delay ? { delay: input.delay } : {}) },
      policy,
    );
    return { sendAt: plan.sendAt, localTime: plan.localTime, zone: plan.zone };
  };
}
