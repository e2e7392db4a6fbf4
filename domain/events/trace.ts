import { z } from 'zod';
import { TRACE_EVENT_DATA } from './catalogue';
import { envelopesOf, type NotifyEvent, schemaList } from './envelope';
import { timestampField } from './fields';

/**
 * A line of a simulation trace: an event envelope plus `at`, when the event reaches notify (late delivery is the
 * point of some traces), and one more type, `sms.inbound`. Parsed lines keep `at` apart from the event, so the event
 * can be fed to the same code the API feeds and `at` only steers the simulator's clock.
 */
export const TRACE_LINE_SCHEMAS = envelopesOf(TRACE_EVENT_DATA, { at: timestampField.optional() });

type SmsInboundLine = z.output<(typeof TRACE_LINE_SCHEMAS)['sms.inbound']>;
export type SmsInboundEvent = Omit<SmsInboundLine, 'at'>;

/** What a simulation trace may carry: every API event plus `sms.inbound`. */
export type TraceEvent = NotifyEvent | SmsInboundEvent;

export interface TraceLine {
  /** When the event arrives; its `occurredAt` when the line does not say. */
  readonly at: string;
  readonly event: TraceEvent;
}

/** A trace line as written, `at` still inside. */
export type RawTraceLine = z.output<(typeof TRACE_LINE_SCHEMAS)[keyof typeof TRACE_LINE_SCHEMAS]>;

export function toTraceLine(line: RawTraceLine): TraceLine {
  const { at, ...event } = line;
  return { at: at ?? event.occurredAt, event };
}

/** The trace contract as one zod schema; parses to a `TraceLine`. */
export const traceLineSchema = z.discriminatedUnion('type', schemaList(TRACE_LINE_SCHEMAS)).transform(toTraceLine);
