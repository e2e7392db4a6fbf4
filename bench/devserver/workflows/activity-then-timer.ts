import { proxyActivities, sleep } from '@temporalio/workflow';

/** The benchmark's unit of work: one activity, one timer (skipped in virtual time), then completion. */
export interface BenchActivities {
  touch(order: number): Promise<number>;
}

const { touch } = proxyActivities<BenchActivities>({ startToCloseTimeout: '10 seconds' });

export async function activityThenTimer(order: number, timer: string): Promise<number> {
  const touched = await touch(order);
  await sleep(timer);
  return touched;
}
