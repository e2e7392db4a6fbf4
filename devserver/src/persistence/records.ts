import { encodeMessage, decodeMessage, messageType, type temporal } from '../proto/codec';
import { type HistoryEvent } from '../history/event-types';
import { type IndexedValueType } from '../namespace/search-attribute-registry';

type Execution = temporal.api.common.v1.IWorkflowExecution;
type Payloads = temporal.api.common.v1.IPayloads;
type Failure = temporal.api.failure.v1.IFailure;

/** The fields of a run that its own history does not carry, or carries only before normalisation. */
export interface RunMeta {
  readonly namespace: string;
  readonly workflowId: string;
  readonly runId: string;
  readonly firstExecutionRunId: string;
  readonly workflowType: string;
  readonly taskQueue: string;
  readonly startRequestId: string;
  readonly startTimeMs: number;
  readonly executionTimeMs: number;
  readonly workflowTaskTimeoutMs: number;
  readonly runTimeoutMs: number;
  readonly executionTimeoutMs: number;
  readonly executionExpirationMs: number;
  readonly attempt: number;
  readonly retryPolicy?: temporal.api.common.v1.IRetryPolicy;
  readonly cronSchedule: string;
  readonly parent?: { readonly namespace: string; readonly execution: Execution; readonly initiatedEventId: number };
  readonly root?: Execution;
}

/** An activity's attempt state, which history only records when the activity ends. */
export interface ActivityAttempt {
  readonly namespace: string;
  readonly runId: string;
  readonly scheduledEventId: number;
  readonly attempt: number;
  readonly state: 'scheduled' | 'started' | 'backoff';
  readonly currentAttemptScheduledTimeMs: number;
  readonly startedAtMs?: number;
  readonly startedIdentity?: string;
  readonly lastHeartbeatMs?: number;
  readonly details?: Payloads | null;
  readonly lastFailure?: Failure | null;
}

export type JournalRecord =
  | {
      readonly kind: 'searchAttributes.set';
      readonly namespace: string;
      readonly custom: ReadonlyArray<readonly [string, IndexedValueType]>;
    }
  | { readonly kind: 'run.created'; readonly meta: RunMeta }
  | {
      readonly kind: 'events.appended';
      readonly namespace: string;
      readonly runId: string;
      readonly event: HistoryEvent;
    }
  | { readonly kind: 'activity.attempt'; readonly attempt: ActivityAttempt }
  | { readonly kind: 'run.deleted'; readonly namespace: string; readonly runId: string }
  /** An external event acknowledged while a workflow task ran, not in history yet (its ids are given at flush). */
  | {
      readonly kind: 'event.buffered';
      readonly namespace: string;
      readonly runId: string;
      readonly event: HistoryEvent;
    }
  /** The run's buffered events are now in history: forget the `event.buffered` records before this one. */
  | { readonly kind: 'buffer.flushed'; readonly namespace: string; readonly runId: string }
  /** A request id the run has applied (signals), so a retry after a crash stays a no-op. */
  | { readonly kind: 'requestId.seen'; readonly namespace: string; readonly runId: string; readonly requestId: string };

const historyEventType = messageType('temporal.api.history.v1.HistoryEvent');
const payloadsType = messageType('temporal.api.common.v1.Payloads');
const failureType = messageType('temporal.api.failure.v1.Failure');
const retryPolicyType = messageType('temporal.api.common.v1.RetryPolicy');

// One byte of kind, then the body. Events (the bulk of the journal) are protobuf after a small JSON head, so they
// cost what they cost on the wire; the rest is JSON, with payload-bearing fields as base64 protobuf.
const KIND_BYTES = {
  'searchAttributes.set': 1,
  'run.created': 2,
  'events.appended': 3,
  'activity.attempt': 4,
  'run.deleted': 5,
  'event.buffered': 6,
  'buffer.flushed': 7,
  'requestId.seen': 8,
} as const;

export function encodeRecord(record: JournalRecord): Buffer {
  const kind = Buffer.of(KIND_BYTES[record.kind]);
  switch (record.kind) {
    case 'events.appended':
    case 'event.buffered': {
      const head = Buffer.from(JSON.stringify({ namespace: record.namespace, runId: record.runId }) + '\0');
      return Buffer.concat([kind, head, encodeMessage(historyEventType, record.event)]);
    }
    case 'activity.attempt': {
      const { details, lastFailure, ...rest } = record.attempt;
      const body = {
        ...rest,
        details: details ? encodeMessage(payloadsType, details).toString('base64') : undefined,
        lastFailure: lastFailure ? encodeMessage(failureType, lastFailure).toString('base64') : undefined,
      };
      return Buffer.concat([kind, Buffer.from(JSON.stringify(body))]);
    }
    case 'run.created': {
      // Durations may hold Long objects, which JSON would mangle: the policy goes as protobuf.
      const { retryPolicy, ...rest } = record.meta;
      const retry = retryPolicy ? encodeMessage(retryPolicyType, retryPolicy).toString('base64') : undefined;
      return Buffer.concat([kind, Buffer.from(JSON.stringify({ ...rest, retryPolicy: retry }))]);
    }
    default: {
      const { kind: _kind, ...body } = record;
      return Buffer.concat([kind, Buffer.from(JSON.stringify(body))]);
    }
  }
}

const BATCH_KIND = 0;

/**
 * Several records as one journal record: the journal's per-record checksum then makes them all-or-nothing, so a
 * torn write never leaves half of one state change (say, a workflow-task completion without its command events).
 */
export function encodeBatch(records: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.of(BATCH_KIND)];
  for (const record of records) {
    const length = Buffer.alloc(4);
    length.writeUInt32LE(record.length);
    parts.push(length, record);
  }
  return Buffer.concat(parts);
}

/** The records a journal record holds: itself, or the members of a batch. */
export function unpackRecords(bytes: Buffer): Buffer[] {
  if (bytes[0] !== BATCH_KIND) return [bytes];
  const records: Buffer[] = [];
  for (let offset = 1; offset < bytes.length;) {
    const length = bytes.readUInt32LE(offset);
    records.push(bytes.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return records;
}

export function decodeRecord(bytes: Buffer): JournalRecord {
  const body = bytes.subarray(1);
  switch (bytes[0]) {
    case KIND_BYTES['events.appended']:
    case KIND_BYTES['event.buffered']: {
      const end = body.indexOf(0);
      const head = JSON.parse(body.subarray(0, end).toString()) as { namespace: string; runId: string };
      const event = decodeMessage<HistoryEvent>(historyEventType, body.subarray(end + 1));
      return { kind: bytes[0] === KIND_BYTES['event.buffered'] ? 'event.buffered' : 'events.appended', ...head, event };
    }
    case KIND_BYTES['requestId.seen']:
      return { kind: 'requestId.seen', ...(JSON.parse(body.toString()) as object) } as JournalRecord;
    case KIND_BYTES['buffer.flushed']:
      return { kind: 'buffer.flushed', ...(JSON.parse(body.toString()) as object) } as JournalRecord;
    case KIND_BYTES['activity.attempt']: {
      const raw = JSON.parse(body.toString()) as ActivityAttempt & { details?: string; lastFailure?: string };
      return {
        kind: 'activity.attempt',
        attempt: {
          ...raw,
          details: raw.details ? decodeMessage<Payloads>(payloadsType, Buffer.from(raw.details, 'base64')) : undefined,
          lastFailure: raw.lastFailure
            ? decodeMessage<Failure>(failureType, Buffer.from(raw.lastFailure, 'base64'))
            : undefined,
        },
      };
    }
    case KIND_BYTES['searchAttributes.set']:
      return { kind: 'searchAttributes.set', ...(JSON.parse(body.toString()) as object) } as JournalRecord;
    case KIND_BYTES['run.created']: {
      const raw = JSON.parse(body.toString()) as RunMeta & { retryPolicy?: string };
      const retryPolicy = raw.retryPolicy
        ? decodeMessage<temporal.api.common.v1.IRetryPolicy>(retryPolicyType, Buffer.from(raw.retryPolicy, 'base64'))
        : undefined;
      return { kind: 'run.created', meta: { ...raw, retryPolicy } };
    }
    case KIND_BYTES['run.deleted']:
      return { kind: 'run.deleted', ...(JSON.parse(body.toString()) as object) } as JournalRecord;
    default:
      throw new Error(`unknown journal record kind ${bytes[0]}`);
  }
}
