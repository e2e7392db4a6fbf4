import { fork } from 'node:child_process';
import path from 'node:path';

/** What the flood driver does: `requests` requests, `concurrency` at a time, the kinds mixed by index. */
export interface FloodPlan {
  readonly apiUrl: string;
  readonly secret: string;
  /**
   * The loopback addresses the requests come from: the flood of batches from `floodSource`; the patient, oversize
   * and slow senders (which retry a 503) from `otherSource`, so the flood spending its rate budget does not refuse
   * them too.
   */
  readonly floodSource: string;
  readonly otherSource: string;
  readonly requests: number;
  readonly concurrency: number;
  /** Fresh order.placed events in each signed batch. */
  readonly eventsPerBatch: number;
  /** Every `largeEvery`-th request is a legal body near the limit: a signed batch padded to `largeBytes`. */
  readonly largeEvery: number;
  readonly largeBytes: number;
  /** Every `patientEvery`-th request is a signed batch from the other source, retried while the cap is full. */
  readonly patientEvery: number;
  /** Every `oversizeEvery`-th request declares and sends a body over the limit. */
  readonly oversizeEvery: number;
  readonly oversizeBytes: number;
  /** Every `slowEvery`-th request sends its headers, then trickles its body a byte at a time, never finishing. */
  readonly slowEvery: number;
  /** A request without an answer after this long counts as unanswered. */
  readonly answerWithinMs: number;
}

export type RequestKind = 'batch' | 'large' | 'patient' | 'oversize' | 'slow';

/** One request's fate: its HTTP status, or `error` with what went wrong when no answer came. */
export interface Outcome {
  readonly kind: RequestKind;
  readonly status?: number;
  readonly retryAfter?: string;
  readonly error?: string;
}

export interface FloodResult {
  /** `kind status` (e.g. `batch 202`, `slow 408`, `oversize error:EPIPE`) → count. */
  readonly tally: Record<string, number>;
  /** Refusals (429, 503) that came without a Retry-After header. */
  readonly withoutRetryAfter: number;
  /** Ids of the events the API answered `accepted` for in a 2xx answer. */
  readonly acceptedIds: readonly string[];
  readonly elapsedMs: number;
}

type FromDriver = { kind: 'result'; result: FloodResult } | { kind: 'error'; message: string };

const DRIVER = path.join(__dirname, 'flood-driver.ts');

/** Runs the flood from a process of its own, so the sender's CPU and memory are not the test's or the API's. */
export function floodFromSecondProcess(plan: FloodPlan): Promise<FloodResult> {
  const child = fork(DRIVER, [], { execArgv: ['--require', require.resolve('tsx/cjs')], stdio: 'inherit' });
  return new Promise<FloodResult>((resolve, reject) => {
    child.once('message', (message: FromDriver) => {
      if (message.kind === 'result') resolve(message.result);
      else reject(new Error(`flood driver: ${message.message}`));
      child.disconnect();
    });
    child.once('exit', (code) => reject(new Error(`flood driver exited (${code}) before answering`)));
    child.send(plan);
  });
}
