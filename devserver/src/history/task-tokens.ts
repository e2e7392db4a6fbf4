import { invalidArgument } from '../grpc/service-error';

/** Task tokens are opaque to the SDK; ours are JSON, enough to find the task and reject stale ones. */
export type TaskToken =
  | { kind: 'workflow-task'; namespace: string; runId: string; scheduledEventId: number; attempt: number }
  | { kind: 'query'; namespace: string; queryId: string }
  | { kind: 'activity'; namespace: string; runId: string; scheduledEventId: number; attempt: number };

export function encodeTaskToken(token: TaskToken): Buffer {
  return Buffer.from(JSON.stringify(token));
}

export function decodeTaskToken(bytes: Uint8Array | null | undefined): TaskToken {
  if (!bytes || bytes.length === 0) throw invalidArgument('Task token not set on request.');
  try {
    const token = JSON.parse(Buffer.from(bytes).toString('utf8')) as TaskToken;
    if (typeof token.kind !== 'string' || typeof token.namespace !== 'string') throw new Error('shape');
    return token;
  } catch {
    throw invalidArgument('Error deserializing task token.');
  }
}
