import type { z } from 'zod';
import { TRACE_EVENT_TYPES } from './catalogue';
import { bareEnvelopeSchema, EVENT_SCHEMAS, type NotifyEvent } from './envelope';
import { type FieldError, toFieldErrors } from './field-errors';
import { dropUnusableFields } from './droppable';
import { timestampField } from './fields';
import { quoteValue } from './text';
import { type RawTraceLine, TRACE_LINE_SCHEMAS, type TraceEvent, toTraceLine } from './trace';

export type EventParseResult = { ok: true; event: NotifyEvent } | { ok: false; errors: FieldError[] };
export type TraceLineParseResult = { ok: true; at: string; event: TraceEvent } | { ok: false; errors: FieldError[] };

const NOT_AN_OBJECT: FieldError = { path: '', message: 'expected an event object { id, type, occurredAt, data }' };

// Issues carry the offending input, so messages can say "got null" rather than zod's generic wording.
const PARSE_OPTIONS = { reportInput: true } as const;

function isRecord(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

function typeProblem(type: unknown, accepted: readonly string[]): string {
  const expected = `expected one of ${accepted.join(', ')}`;
  if (type === undefined) return `is required; ${expected}`;
  if (typeof type !== 'string') return `expected a string; ${expected}`;
  if ((TRACE_EVENT_TYPES as readonly string[]).includes(type))
    return `event type ${quoteValue(type)} is only accepted in traces`;
  return `unknown event type ${quoteValue(type)}; ${expected}`;
}

/**
 * Validation in two steps: pick the schema by `type`, then check the whole event against it. With an unknown type
 * the sender gets one error for `type` (plus any envelope problems), not one failed alternative per known type.
 */
function parseByType<T>(
  input: unknown,
  schemas: Readonly<Record<string, z.ZodType<T>>>,
  envelope: z.ZodType,
): { ok: true; value: T } | { ok: false; errors: FieldError[] } {
  if (!isRecord(input)) return { ok: false, errors: [NOT_AN_OBJECT] };
  const type = input.type;
  const schema = typeof type === 'string' && Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (schema !== undefined) {
    const parsed = schema.safeParse(input, PARSE_OPTIONS);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, errors: toFieldErrors(parsed.error.issues) };
  }
  const envelopeIssues = envelope.safeParse(input, PARSE_OPTIONS).error?.issues ?? [];
  const otherErrors = toFieldErrors(envelopeIssues.filter((issue) => issue.path[0] !== 'type'));
  return { ok: false, errors: [{ path: 'type', message: typeProblem(type, Object.keys(schemas)) }, ...otherErrors] };
}

/**
 * Validates one event as the API and `notify events send` accept it. Pure; never throws. An unusable optional field
 * is dropped and named in the event's `warnings` (absent when there are none).
 */
export function parseEvent(input: unknown): EventParseResult {
  const result = parseByType<NotifyEvent>(input, EVENT_SCHEMAS, bareEnvelopeSchema);
  return result.ok ? { ok: true, event: withWarnings(result.value) } : result;
}

function withWarnings<E extends { readonly type: string; readonly data: object }>(parsed: E): E {
  const { event, warnings } = dropUnusableFields(parsed);
  return warnings.length === 0 ? event : { ...event, warnings };
}

const bareTraceLineSchema = bareEnvelopeSchema.extend({ at: timestampField.optional() });

/** Validates one line of a simulation trace (already JSON-decoded): any API event or `sms.inbound`, plus `at`. */
export function parseTraceLine(input: unknown): TraceLineParseResult {
  const result = parseByType<RawTraceLine>(input, TRACE_LINE_SCHEMAS, bareTraceLineSchema);
  if (!result.ok) return result;
  const line = toTraceLine(result.value);
  return { ok: true, at: line.at, event: line.event.type === 'sms.inbound' ? line.event : withWarnings(line.event) };
}
