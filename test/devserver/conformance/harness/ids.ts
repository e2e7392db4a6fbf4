import { randomUUID } from 'node:crypto';

/** Workflow ids and task queues unique to one test, readable in server logs. */
export function uniqueId(label: string): string {
  return `${label}-${randomUUID()}`;
}
