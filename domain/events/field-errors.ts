import type { z } from 'zod';
import { quoteValue } from './text';

/** One problem with one field, for the system that sent the event: `data.items[0].quantity: must be greater than 0`. */
export interface FieldError {
  /** Where, in the sender's terms: `type`, `data.phone`, `data.items[0].quantity`; `''` for the event as a whole. */
  readonly path: string;
  readonly message: string;
}

/**
 * An optional field that was unusable and dropped, the rest of the event being accepted: `data.phone` and why.
 * The reason names the problem, never the value (it may be personal data).
 */
export interface FieldWarning {
  readonly field: string;
  readonly reason: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${quoteValue(String(key))}]`;
  }
  return out;
}

const EXPECTED_TYPE: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
};

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'number' && !Number.isInteger(input)) return `the fraction ${input}`;
  return typeof input === 'object' ? 'an object' : `a ${typeof input}`;
}

function sizeMessage(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, bound: 'most' | 'least'): string {
  const limit = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
  if (issue.origin === 'string') {
    if (bound === 'least' && limit === 1) return 'must not be empty';
    return `must be at ${bound} ${limit} characters`;
  }
  if (issue.origin === 'array') {
    if (bound === 'least' && limit === 1) return 'must have at least one item';
    return `must have at ${bound} ${limit} items`;
  }
  if (issue.inclusive === false) return `must be ${bound === 'most' ? 'less' : 'greater'} than ${limit}`;
  return `must be at ${bound} ${limit}`;
}

/** Turns zod's issues into field errors whose messages say what was expected (and never echo personal data). */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue): FieldError[] => {
    const at = (message: string): FieldError => ({ path: formatPath(issue.path), message });
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({
          path: formatPath([...issue.path, key]),
          message: `unexpected field ${quoteValue(key)}`,
        }));
      case 'invalid_type': {
        if (issue.input === undefined) return [at('is required')];
        return [at(`expected ${EXPECTED_TYPE[issue.expected] ?? issue.expected}, got ${describeInput(issue.input)}`)];
      }
      case 'too_big':
        return [at(sizeMessage(issue, 'most'))];
      case 'too_small':
        return [at(sizeMessage(issue, 'least'))];
      case 'invalid_value': {
        const got = typeof issue.input === 'string' ? `; got ${quoteValue(issue.input)}` : '';
        return [at(`expected one of ${issue.values.map(String).join(', ')}${got}`)];
      }
      default:
        return [at(issue.message)];
    }
  });
}

/** Errors on one line, for logs and CLI output: `data.phone: expected …; type: unknown event type …`. */
export function formatFieldErrors(errors: readonly FieldError[], limit = 5): string {
  const shown = errors
    .slice(0, limit)
    .map((error) => (error.path === '' ? error.message : `${error.path}: ${error.message}`));
  const more = errors.length > limit ? ` (and ${errors.length - limit} more)` : '';
  return `${shown.join('; ')}${more}`;
}
