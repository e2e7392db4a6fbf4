import { z } from 'zod';
import { e164Problem } from '../phone';
import { isIanaTimeZone, TIMEZONE_EXAMPLE } from '../timezone';
import { controlCharacterProblem, quoteValue } from './text';
import { timestampProblem } from './timestamp';

/** Field schemas shared by every event type. Messages say what was expected, for the system that sent the event. */

function withProblem(schema: z.ZodString, problem: (text: string) => string | undefined): z.ZodString {
  return schema.superRefine((text, ctx) => {
    const message = problem(text);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message });
  });
}

/** Identifiers (event, order, shipment, ticket, customer, agent, sku): trimmed, non-empty, one line. */
export function idField(max = 128): z.ZodString {
  return withProblem(z.string().trim().min(1).max(max), (text) => controlCharacterProblem(text, false));
}

/** Free text, trimmed and non-empty. Single-line unless said otherwise (subjects, names, statuses). */
export function textField(max: number, lines: 'single' | 'multi' = 'single'): z.ZodString {
  return withProblem(z.string().trim().min(1).max(max), (text) => controlCharacterProblem(text, lines === 'multi'));
}

/** A string checked later by a stricter field schema (droppable.ts); only the type and the size are enforced here. */
export function looseTextField(max: number): z.ZodString {
  return z.string().trim().max(max);
}

export const timestampField = withProblem(z.string().trim(), timestampProblem);

export const phoneField = withProblem(z.string().trim(), e164Problem);

export const emailField = withProblem(z.string().trim().max(254), (text) =>
  z.regexes.email.test(text) ? undefined : 'expected an email address like name@example.com',
);

export const timezoneField = withProblem(z.string().trim().max(64), (name) =>
  isIanaTimeZone(name)
    ? undefined
    : `expected an IANA time zone like ${TIMEZONE_EXAMPLE}; ${quoteValue(name)} is not one`,
);

const LANGUAGE_TAG = /^([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|\d{3}))?$/i;

/**
 * BCP-47 language tags of the shape templates are keyed by (`zh-CN`, `en`, `zh-Hans-CN`, `es-419`), returned in
 * canonical case so `zh-cn` finds the `zh-CN` copy.
 */
export const localeField = z
  .string()
  .trim()
  .regex(LANGUAGE_TAG, 'expected a BCP-47 language tag like zh-CN or en')
  .transform((tag) =>
    tag
      .split('-')
      .map((part, index) => {
        if (index === 0) return part.toLowerCase();
        if (part.length === 4) return part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
        return part.toUpperCase();
      })
      .join('-'),
  );
