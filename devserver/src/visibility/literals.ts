import { type Literal } from './ast';
import { VisibilityQueryError } from './errors';
import { parseExecutionStatus } from './execution-status';
import { type Field, type Scalar } from './fields';

/** Converts a query literal to the scalar form `Field.valuesOf` produces, or names the mismatch. */
export function literalFor(field: Field, literal: Literal): Scalar {
  switch (field.kind) {
    case 'Keyword':
    case 'Text':
    case 'KeywordList':
      if (literal.type === 'string') return literal.value;
      return mismatch(field, literal, 'a quoted string');
    case 'Int':
      if (literal.type === 'number' && Number.isInteger(literal.value)) return literal.value;
      return mismatch(field, literal, 'an integer');
    case 'Double':
      if (literal.type === 'number') return literal.value;
      return mismatch(field, literal, 'a number');
    case 'Bool':
      if (literal.type === 'boolean') return literal.value;
      if (literal.type === 'string' && /^(true|false)$/i.test(literal.value)) {
        return literal.value.toLowerCase() === 'true';
      }
      return mismatch(field, literal, 'true or false');
    case 'Datetime': {
      const time = literal.type === 'string' ? parseRfc3339(literal.value) : undefined;
      return time ?? mismatch(field, literal, "an RFC 3339 date-time such as '2024-01-31T12:00:00Z'");
    }
    case 'ExecutionStatus': {
      const status = literal.type === 'string' ? parseExecutionStatus(literal.value) : undefined;
      return (
        status ??
        mismatch(field, literal, 'one of Running, Completed, Failed, Canceled, Terminated, ContinuedAsNew, TimedOut')
      );
    }
  }
}

function mismatch(field: Field, literal: Literal, expected: string): never {
  const written =
    literal.type === 'string' ? `'${literal.value}'` : String(literal.type === 'number' ? literal.text : literal.value);
  throw new VisibilityQueryError(
    `invalid value ${written} for ${field.kind === 'ExecutionStatus' ? '' : `${field.kind} `}attribute ${field.name}: expected ${expected}`,
  );
}

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Strict RFC 3339 (Date.parse alone accepts dates like February 30th and many non-RFC forms). */
export function parseRfc3339(text: string): number | undefined {
  const match = rfc3339.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = fields;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  const millis = Number(fraction.slice(1, 4).padEnd(3, '0')); // sub-millisecond digits are dropped
  return Date.UTC(y, mo - 1, d, h, mi, s, millis) - zoneOffsetMillis(zone);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function zoneOffsetMillis(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [hours = 0, minutes = 0] = zone.slice(1).split(':').map(Number);
  return sign * (hours * 60 + minutes) * 60_000;
}
