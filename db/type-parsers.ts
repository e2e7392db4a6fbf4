/**
 * Both backends return `bigint` (int8) columns and `count(*)` as JS numbers, so callers never see `'3'` from one
 * backend and `3` from the other. Counts and identity ids stay far below 2^53; a value that does not is an error,
 * not a silent loss of precision. `numeric` stays a string on both (neither driver parses it by default).
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} does not fit a JS number`);
  return value;
}

/** Postgres type OIDs the data layer parses itself. */
export const PG_TYPE = { int8: 20 } as const;
