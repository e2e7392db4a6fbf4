import { DateTime } from 'luxon';

/**
 * An instant as an operator wants to read it: in the zone of the machine they sit at, with UTC alongside for
 * comparing with logs and the Temporal UI. `2026-03-10 10:00 GMT+8 (02:00 UTC)`; the UTC date is added when it
 * differs. `zone` is injectable so tests do not depend on the machine.
 */
export function formatInstant(iso: string | number | Date, zone: string = localZone()): string {
  const instant = toDateTime(iso);
  if (!instant.isValid) return String(iso);
  const local = instant.setZone(zone);
  const utc = instant.toUTC();
  if (local.offset === 0) return utc.toFormat("yyyy-LL-dd HH:mm 'UTC'");
  const sameDay = local.toISODate() === utc.toISODate();
  return `${local.toFormat('yyyy-LL-dd HH:mm ZZZZ')} (${utc.toFormat(sameDay ? 'HH:mm' : 'yyyy-LL-dd HH:mm')} UTC)`;
}

/** How far an instant is from now, roughly: `in 2h 5m`, `3d ago`. */
export function formatRelative(iso: string | number | Date, now: number): string {
  const instant = toDateTime(iso);
  if (!instant.isValid) return '';
  const deltaMs = instant.toMillis() - now;
  const span = describeSpan(Math.abs(deltaMs));
  return deltaMs >= 0 ? `in ${span}` : `${span} ago`;
}

function describeSpan(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return mins > 0 ? `${hours}h ${mins}m` : `${hours}h`;
  return `${mins}m`;
}

function toDateTime(value: string | number | Date): DateTime {
  if (typeof value === 'number') return DateTime.fromMillis(value);
  if (value instanceof Date) return DateTime.fromJSDate(value);
  return DateTime.fromISO(value, { setZone: true });
}

export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * A recipient-local send time (an ISO string carrying the recipient's offset, as the workflows plan them), shown in
 * that offset, since that is what the window rules talk about, with UTC alongside.
 */
export function formatRecipientLocal(iso: string): string {
  const instant = DateTime.fromISO(iso, { setZone: true });
  if (!instant.isValid) return iso;
  return `${instant.toFormat('yyyy-LL-dd HH:mm')} recipient-local (UTC${instant.toFormat('ZZ')}; ${instant.toUTC().toFormat('yyyy-LL-dd HH:mm')} UTC)`;
}

/** `2026-03-10 10:00` in the operator's zone: for table cells, where the full form is too wide. */
export function formatShort(iso: string | number | Date, zone: string = localZone()): string {
  const instant = toDateTime(iso);
  return instant.isValid ? instant.setZone(zone).toFormat('yyyy-LL-dd HH:mm') : String(iso);
}
