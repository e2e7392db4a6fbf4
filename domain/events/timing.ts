const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Why an event dated ahead of the receiving clock by more than the skew tolerance is refused (architecture.md 6.3),
 * in words for the sender: `occurredAt is 3 h in the future; the tolerance is 5 min`. Undefined when it is fine.
 */
export function futureProblem(occurredAtMs: number, receivedAtMs: number, toleranceMs: number): string | undefined {
  const ahead = occurredAtMs - receivedAtMs;
  if (ahead <= toleranceMs) return undefined;
  return `occurredAt is ${roughly(ahead)} in the future; the tolerance is ${roughly(toleranceMs)}`;
}

/** A duration to the nearest whole unit a person would use: `3 h`, `5 min`, `2 d`, `40 s`. */
function roughly(ms: number): string {
  if (ms >= 2 * DAY) return `${Math.round(ms / DAY)} d`;
  if (ms >= HOUR) return `${Math.round(ms / HOUR)} h`;
  if (ms >= MINUTE) return `${Math.round(ms / MINUTE)} min`;
  return `${Math.round(ms / SECOND)} s`;
}
