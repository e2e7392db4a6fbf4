import { DateTime, IANAZone } from 'luxon';
import type { LocalWindow } from './policy';

/**
 * When may a message go out? Pure, zone-explicit functions of `(now, zone, window, policy)` returning UTC instants
 * (epoch milliseconds). Workflows never call these directly: a local activity does, and its answer is recorded in
 * history, because time-zone rules come from the runtime and may change between Node versions.
 */

export interface ZonePolicy {
  /** The store's zone, used when the customer's zone is missing or invalid. */
  readonly defaultTimezone: string;
}

export interface ResolvedZone {
  readonly zone: string;
  /** True when the customer's own zone was missing or invalid and the store's default was used. */
  readonly fellBack: boolean;
}

export function resolveZone(zone: string | null | undefined, policy: ZonePolicy): ResolvedZone {
  if (zone && IANAZone.isValidZone(zone)) return { zone, fellBack: false };
  return { zone: policy.defaultTimezone, fellBack: true };
}

interface LocalClock {
  readonly hour: number;
  readonly minute: number;
}

function parseLocalTime(text: string): LocalClock {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) throw new RangeError(`invalid local time '${text}', expected HH:MM`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function minutesOfDay(clock: LocalClock): number {
  return clock.hour * 60 + clock.minute;
}

/**
 * The instant a local date reads `clock`. In a DST gap (the clock jumps over it) luxon moves forward by the gap, so
 * 02:30 on a spring-forward night becomes 03:30; in an overlap it takes the earlier of the two instants.
 */
function atLocal(date: DateTime, clock: LocalClock): DateTime {
  return date.set({ hour: clock.hour, minute: clock.minute, second: 0, millisecond: 0 });
}

/** Is `local` inside the window? The start is inclusive, the end exclusive; an end before the start crosses midnight. */
function insideWindow(local: DateTime, window: LocalWindow): boolean {
  const start = minutesOfDay(parseLocalTime(window.start));
  const end = minutesOfDay(parseLocalTime(window.end));
  const now = local.hour * 60 + local.minute;
  if (start === end) return true;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * The earliest instant at or after `now` that falls inside the recipient-local window: `now` itself when it is
 * already inside, else the next opening. `window: null` means the message is exempt (direct answers, staff alerts).
 */
export function nextSendTime(
  now: number,
  zone: string | null | undefined,
  window: LocalWindow | null,
  policy: ZonePolicy,
): number {
  if (window === null) return now;
  const local = DateTime.fromMillis(now, { zone: resolveZone(zone, policy).zone });
  if (insideWindow(local, window)) return now;
  const opening = parseLocalTime(window.start);
  const today = atLocal(local, opening);
  const next = today.toMillis() > now ? today : atLocal(local.plus({ days: 1 }), opening);
  return next.toMillis();
}

/**
 * "N days after X at HH:MM local": the local calendar date of X plus N days, at HH:MM local; the day after that if
 * the instant has already passed by `now`.
 */
export function daysAfterAtLocal(
  anchor: number,
  days: number,
  atLocalTime: string,
  zone: string | null | undefined,
  now: number,
  policy: ZonePolicy,
): number {
  const resolved = resolveZone(zone, policy).zone;
  const clock = parseLocalTime(atLocalTime);
  const day = DateTime.fromMillis(anchor, { zone: resolved }).startOf('day').plus({ days });
  let target = atLocal(day, clock);
  while (target.toMillis() <= now) target = atLocal(target.plus({ days: 1 }), clock);
  return target.toMillis();
}

export interface SendPlan {
  readonly sendAt: number;
  readonly zone: string;
  readonly zoneFellBack: boolean;
  /** ISO-8601 in the recipient's zone, for timelines and the Temporal UI. */
  readonly localTime: string;
}

export interface PlanRequest {
  readonly now: number;
  readonly zone: string | null | undefined;
  readonly window: LocalWindow | null;
  /** Optional "N days after `anchor` at HH:MM local" delay, applied before the window. */
  readonly delay?: { readonly anchor: number; readonly days: number; readonly atLocal: string };
}

/** Plans one send: the delay first, then the window's next opening. */
export function planSend(request: PlanRequest, policy: ZonePolicy): SendPlan {
  const { zone, fellBack } = resolveZone(request.zone, policy);
  const earliest = request.delay
    ? daysAfterAtLocal(request.delay.anchor, request.delay.days, request.delay.atLocal, zone, request.now, policy)
    : request.now;
  const sendAt = nextSendTime(earliest, zone, request.window, policy);
  return { sendAt, zone, zoneFellBack: fellBack, localTime: DateTime.fromMillis(sendAt, { zone }).toISO() ?? '' };
}
