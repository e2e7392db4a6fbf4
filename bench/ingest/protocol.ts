/** Messages between the bench (API and worker) and its load driver, a second process on the same machine. */

export interface DriverSetup {
  readonly apiUrl: string;
  readonly ingestSecret: string;
  readonly temporalAddress: string;
  readonly namespace: string;
  readonly taskQueue: string;
}

export interface LoadPlan {
  /** `http`: signed `POST /v1/events`; `direct`: `signalWithStart` from a Temporal client, one call per event. */
  readonly mode: 'http' | 'direct';
  /** Distinct order ids for this phase. */
  readonly tag: string;
  readonly orders: number;
  /** Events per HTTP request (an even number keeps an order's two events in one request). */
  readonly batch: number;
  /** Closed loop: this many requests (or direct orders) in flight. */
  readonly concurrency: number;
  /** Open loop instead: events per second (in requests of `batch`), latency counted from the scheduled instant. */
  readonly ratePerSecond?: number;
}

export interface LoadResult {
  readonly accepted: number;
  /** Failed requests or calls, counted by reason. */
  readonly failures: Readonly<Record<string, number>>;
  readonly wallMs: number;
  /** One per request (HTTP) or per call (direct), in milliseconds. */
  readonly latenciesMs: readonly number[];
}

export type ToDriver =
  { readonly kind: 'setup'; readonly setup: DriverSetup } | { readonly kind: 'run'; readonly plan: LoadPlan };
export type FromDriver =
  | { readonly kind: 'ready' }
  | { readonly kind: 'result'; readonly result: LoadResult }
  | { readonly kind: 'error'; readonly message: string };
