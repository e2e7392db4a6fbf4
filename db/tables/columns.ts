import type { ColumnType } from 'kysely';

/** A `timestamptz` column: read as a Date on both backends; written as a Date (or an ISO-8601 string with offset). */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A `timestamptz` column with a database default (`now()`), so inserts may leave it out. */
export type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

/**
 * A `jsonb` column: read back parsed; written as JSON text (use `toJson`), because `pg` would turn a JS array into a
 * Postgres array literal rather than JSON. Passing text keeps both backends identical.
 */
export type Json<T extends JsonValue = JsonValue> = ColumnType<T, string, string>;

export function toJson(value: JsonValue): string {
  return JSON.stringify(value);
}
