/** A fixed base instant, so tests never depend on the wall clock. */
export const T0 = new Date('2026-03-02T02:00:00.000Z');

/** `T0` plus some minutes (negative for earlier). */
export function at(minutes: number): Date {
  return new Date(T0.getTime() + minutes * 60_000);
}
