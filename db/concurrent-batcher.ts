/**
 * Runs the concurrent calls of one write as multi-row statements: calls that arrive while earlier batches are in
 * flight (or in the same turn of the event loop) wait for the next batch, so under load one round trip and one
 * commit serve many callers, and a lone caller goes out at once, alone. This is group commit at the application: the
 * notify activity's claim and record are two durable writes per message, and at a few hundred sends per second the
 * per-statement cost (a round trip, a wake-up of the database backend, a commit) outweighs the rows themselves.
 *
 * Each caller gets its own outcome. A batch that fails is retried one item at a time, so one bad item (a unique
 * violation, say) fails only its own caller. Items with the same key never run at the same time, in one batch or
 * two, so a batch never races itself for a row.
 */
export interface ConcurrentBatcherOptions<I, O> {
  /** The most items one statement carries. */
  readonly maxBatch: number;
  /** The most statements in flight at once; each holds a pool connection while it runs. */
  readonly maxInFlight: number;
  readonly keyOf: (item: I) => string;
  /** Runs one batch (keys distinct, sorted by key); returns one outcome per item, in the items' order. */
  readonly runBatch: (items: readonly I[]) => Promise<readonly O[]>;
}

interface Pending<I, O> {
  readonly item: I;
  readonly key: string;
  resolve(outcome: O): void;
  reject(error: unknown): void;
}

export function createConcurrentBatcher<I, O>(options: ConcurrentBatcherOptions<I, O>): (item: I) => Promise<O> {
  if (options.maxBatch < 1 || options.maxInFlight < 1) throw new Error('maxBatch and maxInFlight must be at least 1');
  const queue: Pending<I, O>[] = [];
  const keysInFlight = new Set<string>();
  let inFlight = 0;
  let scheduled = false;

  const takeBatch = (): Pending<I, O>[] => {
    const batch: Pending<I, O>[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < queue.length && batch.length < options.maxBatch;) {
      const pending = queue[i] as Pending<I, O>;
      if (keys.has(pending.key) || keysInFlight.has(pending.key)) {
        i++;
        continue;
      }
      keys.add(pending.key);
      batch.push(pending);
      queue.splice(i, 1);
    }
    // One order for every batch, so two batches (from two workers) lock shared rows in the same order.
    return batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  };

  const settle = async (batch: readonly Pending<I, O>[]): Promise<void> => {
    try {
      const outcomes = await options.runBatch(batch.map((pending) => pending.item));
      if (outcomes.length !== batch.length) {
        throw new Error(`batch of ${batch.length} returned ${outcomes.length} outcomes`);
      }
      batch.forEach((pending, i) => pending.resolve(outcomes[i] as O));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const pending of batch) await settle([pending]);
    }
  };

  const pump = (): void => {
    scheduled = false;
    while (queue.length > 0 && inFlight < options.maxInFlight) {
      const batch = takeBatch();
      if (batch.length === 0) return; // every queued key is in flight: the batch holding it pumps again when done
      inFlight++;
      for (const pending of batch) keysInFlight.add(pending.key);
      void settle(batch).finally(() => {
        inFlight--;
        for (const pending of batch) keysInFlight.delete(pending.key);
        pump();
      });
    }
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, key: options.keyOf(item), resolve, reject });
      if (!scheduled) {
        scheduled = true;
        // After the callbacks of this turn of the event loop have queued theirs, so they share the batch.
        setImmediate(pump);
      }
    });
}
