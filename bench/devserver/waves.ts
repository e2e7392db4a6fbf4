import { performance } from 'node:perf_hooks';

export interface LoadResult {
  completed: number;
  wallMs: number;
  latenciesMs: number[];
}

/**
 * Runs `total` units of work in waves of `waveSize` started together, each wave waiting for the previous
 * one. Waves rather than a closed loop because virtual time only jumps while the whole server is idle:
 * a closed loop keeps starting workflows, never idles, and would wait out every timer in wall time.
 */
export async function runInWaves(
  total: number,
  waveSize: number,
  unit: (order: number) => Promise<unknown>,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const timed = async (order: number): Promise<void> => {
    const started = performance.now();
    await unit(order);
    latenciesMs.push(performance.now() - started);
  };
  const started = performance.now();
  for (let first = 0; first < total; first += waveSize) {
    const size = Math.min(waveSize, total - first);
    await Promise.all(Array.from({ length: size }, (_, index) => timed(first + index)));
  }
  return { completed: latenciesMs.length, wallMs: performance.now() - started, latenciesMs };
}
