/**
 * Option values arrive as strings. A bad one is a usage error (exit 2) naming the option, thrown before anything is
 * opened or sent.
 */
export function positiveInteger(option: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${option} must be a whole number of at least 1, not ${JSON.stringify(value)}`);
  return n;
}

export function shareBetween0And1(option: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n >= 1) {
    throw new UsageError(
      `${option} must be a share from 0 up to (not including) 1, e.g. 0.1, not ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** A mistake in how the command was called: main.ts prints it and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function positiveNumber(option: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`${option} must be a number above 0, not ${JSON.stringify(value)}`);
  }
  return n;
}
