import { type google } from './codec';

/** The generated interfaces type int64 fields as `Long`; protobufjs accepts and (as decoded here) yields numbers. */
export type Long = NonNullable<google.protobuf.ITimestamp['seconds']>;
export type Int64 = number | Long | null | undefined;

export function int64(value: Int64): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** A number where the generated types want a `Long` (the encoder takes both). */
export function long(value: number): Long {
  return value as unknown as Long;
}

export function msToTimestamp(ms: number): google.protobuf.ITimestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds: long(seconds), nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

export function timestampToMs(ts: google.protobuf.ITimestamp | null | undefined): number | undefined {
  if (!ts) return undefined;
  return int64(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
}

export function msToDuration(ms: number): google.protobuf.IDuration {
  const seconds = Math.floor(ms / 1000);
  return { seconds: long(seconds), nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

/** Missing durations read as 0, which Temporal treats as "not set / no limit". */
export function durationToMs(d: google.protobuf.IDuration | null | undefined): number {
  if (!d) return 0;
  return int64(d.seconds) * 1000 + Math.floor((d.nanos ?? 0) / 1e6);
}

/** A duration field that must stay absent when unset (SDK tests compare unset timeouts with null). */
export function optionalDuration(ms: number): google.protobuf.IDuration | undefined {
  return ms > 0 ? msToDuration(ms) : undefined;
}
