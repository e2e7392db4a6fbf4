/** `12345` → `12,345`: counts an operator reads at a glance. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `4530` → `1h 15m 30s`; under a second → `under a second`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown';
  const total = Math.ceil(seconds);
  if (total <= 0) return 'under a second';
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [h > 0 ? `${h}h` : '', m > 0 ? `${m}m` : '', s > 0 ? `${s}s` : ''].filter(Boolean).join(' ');
}

/** Messages per second with one decimal. */
export function formatRate(rate: number | null): string {
  return rate === null ? '-' : `${rate.toFixed(1)}/s`;
}
