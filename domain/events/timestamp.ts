/**
 * Event timestamps: ISO-8601 date-times that name their offset (`2026-03-02T09:00:00+08:00` or `…Z`). A naive
 * timestamp would be read in whatever zone the reading process runs in, so it is refused, and so is a date the
 * calendar does not have (2026-02-30), which `Date.parse` would silently roll over into March.
 */

export const TIMESTAMP_EXAMPLE = '2026-03-02T09:00:00+08:00';

const EXPECTED = `expected an ISO-8601 timestamp with an offset or Z, like ${TIMESTAMP_EXAMPLE}`;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why `text` is not an acceptable event timestamp, in words for the sender; undefined when it is one. */
export function timestampProblem(text: string): string | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return EXPECTED;
  const [, year = '', month = '', day = '', hour = '', minute = '', second = '00', offset] = match;
  if (offset === undefined) return `has no offset; ${EXPECTED}`;
  const [y, mo, d] = [Number(year), Number(month), Number(day)];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return `${year}-${month}-${day} is not a calendar date`;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    return `${hour}:${minute}:${second} is not a time of day`;
  }
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 18 || Number(offset.slice(4)) > 59)) {
    return `${offset} is not a UTC offset (at most ±18:00)`;
  }
  return undefined;
}

/** Milliseconds since the epoch of a timestamp that passed `timestampProblem`. */
export function timestampMs(text: string): number {
  return Date.parse(text);
}
