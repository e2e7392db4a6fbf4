import type { OutboxEntry } from './entry';
import type { OutboxQuery, OutboxSource } from './sources';
import { abortableDelay } from '../output/abortable-delay';

export interface FollowOptions {
  readonly intervalMs: number;
  readonly customerId?: string;
  readonly signal: AbortSignal;
  readonly now?: () => number;
  /** Waits between polls; injectable so tests need not sleep. Resolves early when the signal aborts. */
  readonly wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** A claim younger than this is shown once it has an outcome; an older one is shown as it is (stuck sends matter). */
const CLAIM_GRACE_MS = 30_000;
/** Re-read a little before the newest row seen: a transaction that claimed earlier may commit later. */
const LOOKBACK_MS = 5_000;
const PAGE = 1_000;

/**
 * `outbox --follow`: prints `first` (already listed), then polls for messages not printed yet until the signal aborts
 * (Ctrl-C). A message still `claimed` waits for its outcome, briefly, so the usual claim-then-send shows once.
 */
export async function followOutbox(
  source: OutboxSource,
  first: readonly OutboxEntry[],
  print: (entries: readonly OutboxEntry[]) => void,
  options: FollowOptions,
): Promise<void> {
  const now = options.now ?? Date.now;
  const wait = options.wait ?? abortableDelay;
  // Keys printed, with their time; forgotten once they fall behind the look-back, so a long follow stays small.
  const printed = new Map(first.map((e) => [e.key, Date.parse(e.at)]));
  let horizon = first.length > 0 ? Math.max(...first.map((e) => Date.parse(e.at))) : now();
  let waiting = new Map<string, number>();
  while (!options.signal.aborted) {
    await wait(options.intervalMs, options.signal);
    if (options.signal.aborted) break;
    const since = Math.min(horizon, ...waiting.values()) - LOOKBACK_MS;
    const query: OutboxQuery = {
      limit: PAGE,
      sinceMs: since,
      ...(options.customerId === undefined ? {} : { customerId: options.customerId }),
    };
    const fresh: OutboxEntry[] = [];
    const stillWaiting = new Map<string, number>();
    for (const entry of await source.list(query)) {
      if (printed.has(entry.key)) continue;
      const at = Date.parse(entry.at);
      if (entry.status === 'claimed' && now() - at < CLAIM_GRACE_MS) {
        stillWaiting.set(entry.key, at);
        continue;
      }
      printed.set(entry.key, at);
      fresh.push(entry);
      horizon = Math.max(horizon, at);
    }
    waiting = stillWaiting;
    for (const [key, at] of printed) if (at < since - LOOKBACK_MS) printed.delete(key);
    if (fresh.length > 0) print(fresh);
  }
}
