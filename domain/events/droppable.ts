import type { z } from 'zod';
import type { EventType } from './catalogue';
import { type FieldWarning, toFieldErrors } from './field-errors';
import { emailField, phoneField, timezoneField } from './fields';

/**
 * Optional fields whose unusable value drops only that field, with a warning, instead of the whole event
 * (reliability.md 16): a shop's typo in a phone number must not lose the same record's email, locale or marketing
 * revocation. Required fields, wrong types and oversized values still reject the event.
 */
const DROPPABLE: { readonly [T in EventType]?: Readonly<Record<string, z.ZodType<string, string>>> } = {
  'customer.upserted': { phone: phoneField, email: emailField, timezone: timezoneField },
};

/** The event with each unusable droppable field removed (usable ones normalised), and why each was dropped. */
export function dropUnusableFields<E extends { readonly type: string; readonly data: object }>(
  event: E,
): { readonly event: E; readonly warnings: FieldWarning[] } {
  const fields = DROPPABLE[event.type as EventType];
  if (!fields) return { event, warnings: [] };
  const data: Record<string, unknown> = { ...event.data };
  const warnings: FieldWarning[] = [];
  for (const [name, schema] of Object.entries(fields)) {
    const value = data[name];
    if (typeof value !== 'string') continue;
    const parsed = schema.safeParse(value, { reportInput: true });
    if (parsed.success) {
      data[name] = parsed.data;
      continue;
    }
    delete data[name];
    const [problem] = toFieldErrors(parsed.error.issues);
    warnings.push({ field: `data.${name}`, reason: problem?.message ?? 'unusable value' });
  }
  return { event: { ...event, data }, warnings };
}
