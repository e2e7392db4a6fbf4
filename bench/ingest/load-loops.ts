/** Two ways to drive load: a closed loop (fixed concurrency, as fast as it goes) and an open loop (fixed rate). */

/** Runs `count` units `concurrency` at a time; returns the wall time in milliseconds. */
export async function closedLoop(
  count: number,
  concurrency: number,
  unit: (index: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await unit(next++);
    }),
  );
  return performance.now() - started;
}

/**
 * Starts unit `i` at `start + i / ratePerSecond` whatever the earlier ones are doing, and passes it that scheduled
 * instant: latency measured from the schedule counts the time a slow server made the sender wait (no coordinated
 * omission).
 */
export async function openLoop(
  count: number,
  ratePerSecond: number,
  unit: (index: number, scheduledAt: number) => Promise<void>,
): Promise<number> {
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const scheduledAt = started + (i * 1000) / ratePerSecond;
    const wait = scheduledAt - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    running.push(unit(i, scheduledAt));
  }
  await Promise.all(running);
  return performance.now() - started;
}
