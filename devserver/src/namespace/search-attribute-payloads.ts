import { invalidArgument } from '../grpc/service-error';
import { type temporal } from '../proto/codec';
import { decodeJsonPayload, isEmptyPayload } from '../proto/payloads';
import { kindOf, type SearchAttributeRegistry } from './search-attribute-registry';

type Payload = temporal.api.common.v1.IPayload;

/**
 * Validates names against the registry and stamps each payload's `type` metadata with the registered type: the TS
 * SDK silently drops typed search attributes whose payloads lack it.
 */
export function typedSearchAttributes(
  registry: SearchAttributeRegistry,
  fields: Record<string, Payload> | null | undefined,
): Record<string, Payload> {
  const result: Record<string, Payload> = {};
  for (const [name, payload] of Object.entries(fields ?? {})) {
    const type = registry.typeOf(name);
    const kind = type === undefined ? undefined : kindOf(type);
    if (!kind) throw invalidArgument(`search attribute ${name} is not defined`);
    result[name] = { ...payload, metadata: { ...payload.metadata, type: Buffer.from(kind) } };
  }
  return result;
}

/** Merges an upsert into current values; empty payloads (`null`, `[]`) remove the key. */
export function mergePayloadMap(
  current: Record<string, Payload>,
  upsert: Record<string, Payload>,
): Record<string, Payload> {
  const merged = { ...current };
  for (const [name, payload] of Object.entries(upsert)) {
    if (isEmptyPayload(payload)) delete merged[name];
    else merged[name] = payload;
  }
  return merged;
}

/** Decoded values for the visibility query evaluator (Datetime as Date, lists as string[]). */
export function decodeSearchAttributes(fields: Record<string, Payload>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, payload] of Object.entries(fields)) {
    const value = decodeJsonPayload(payload);
    const type = payload.metadata?.type ? Buffer.from(payload.metadata.type).toString('utf8') : undefined;
    values[name] = type === 'Datetime' && typeof value === 'string' ? new Date(value) : value;
  }
  return values;
}
