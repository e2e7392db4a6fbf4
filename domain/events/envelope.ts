import { z } from 'zod';
import { EVENT_DATA, type EventType } from './catalogue';
import type { FieldWarning } from './field-errors';
import { idField, timestampField } from './fields';

/** `{ id, type, occurredAt, data }` for one event type; strict, so a misspelt field is an error, not a silent loss. */
function envelopeOf<T extends string, D extends z.ZodType, X extends z.ZodRawShape>(type: T, data: D, extra: X) {
  return z.strictObject({ id: idField(), type: z.literal(type), occurredAt: timestampField, data, ...extra });
}

type EnvelopeSchemas<M extends Record<string, z.ZodType>, X extends z.ZodRawShape> = {
  [T in keyof M & string]: ReturnType<typeof envelopeOf<T, M[T], X>>;
};

/** One strict envelope schema per entry of a type → data catalogue, with `extra` fields beside the four. */
export function envelopesOf<M extends Record<string, z.ZodType>, X extends z.ZodRawShape>(
  catalogue: M,
  extra: X,
): EnvelopeSchemas<M, X> {
  const entries = Object.entries(catalogue).map(([type, data]) => [type, envelopeOf(type, data, extra)]);
  return Object.fromEntries(entries) as EnvelopeSchemas<M, X>;
}

/** Listing a record's schemas as the non-empty tuple `z.discriminatedUnion` wants. */
export function schemaList<M extends Record<string, z.ZodType>>(schemas: M): [M[keyof M], ...M[keyof M][]] {
  return Object.values(schemas) as [M[keyof M], ...M[keyof M][]];
}

/** One strict envelope schema per type, for validating an event once its type is known. */
export const EVENT_SCHEMAS = envelopesOf(EVENT_DATA, {});

/** The whole API contract as one discriminated union on `type`. */
export const eventSchema = z.discriminatedUnion('type', schemaList(EVENT_SCHEMAS));

/** The envelope with `data` left unchecked: used to report envelope problems when the type is unknown. */
export const bareEnvelopeSchema = z.strictObject({
  id: idField(),
  type: z.string(),
  occurredAt: timestampField,
  data: z.record(z.string(), z.unknown()),
});

/**
 * An accepted event. `warnings` lists the optional fields dropped as unusable on acceptance (droppable.ts); only
 * `customer.upserted` has such fields, and it is never signalled to a workflow, so warnings stay out of histories.
 */
export type NotifyEvent = z.output<typeof eventSchema> & { readonly warnings?: readonly FieldWarning[] };
export type EventOf<T extends EventType> = Extract<NotifyEvent, { type: T }>;
export type EventData<T extends EventType> = EventOf<T>['data'];
