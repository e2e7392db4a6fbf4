export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of latencies in milliseconds. */
export function summariseLatencies(latenciesMs: readonly number[]): LatencySummary {
  if (latenciesMs.length === 0) throw new Error('no latencies to summarise');
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const rank = (quantile: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] ?? 0;
  return { p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1] ?? 0 };
}
