import { createConcurrentBatcher } from '../../db/concurrent-batcher';

interface Item {
  readonly key: string;
  readonly value: number;
}

/** A runBatch that records every batch and lets the test decide when each one finishes. */
function recordingRun(fail: (item: Item) => boolean = () => false) {
  const batches: string[][] = [];
  const open: (() => void)[] = [];
  let running = 0;
  let mostRunning = 0;
  const runBatch = async (items: readonly Item[]): Promise<number[]> => {
    batches.push(items.map((item) => item.key));
    running++;
    mostRunning = Math.max(mostRunning, running);
    await new Promise<void>((resolve) => open.push(resolve));
    running--;
    const bad = items.find(fail);
    if (bad) throw new Error(`bad item ${bad.key}`);
    return items.map((item) => item.value * 10);
  };
  const finishAll = async (): Promise<void> => {
    // Batches started by finished ones open later: keep releasing until none is left waiting.
    for (let spins = 0; spins < 50; spins++) {
      await new Promise((resolve) => setImmediate(resolve));
      open.splice(0).forEach((resolve) => resolve());
    }
  };
  return { runBatch, batches, finishAll, mostRunning: () => mostRunning };
}

const item = (key: string, value = 1): Item => ({ key, value });

describe('the concurrent batcher', () => {
  it('sends a lone call out by itself', async () => {
    const run = recordingRun();
    const call = createConcurrentBatcher({ maxBatch: 8, maxInFlight: 2, keyOf: (i: Item) => i.key, ...run });
    const answer = call(item('a', 4));
    await run.finishAll();
    expect(await answer).toBe(40);
    expect(run.batches).toEqual([['a']]);
  });

  it('puts calls made together into one statement, sorted by key, and each caller gets its own outcome', async () => {
    const run = recordingRun();
    const call = createConcurrentBatcher({ maxBatch: 8, maxInFlight: 2, keyOf: (i: Item) => i.key, ...run });
    const answers = Promise.all(['d', 'b', 'c', 'a'].map((key, i) => call(item(key, i + 1))));
    await run.finishAll();
    expect(await answers).toEqual([10, 20, 30, 40]);
    expect(run.batches).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('holds later calls while batches are in flight, then sends them together, within the limits', async () => {
    const run = recordingRun();
    const call = createConcurrentBatcher({ maxBatch: 3, maxInFlight: 2, keyOf: (i: Item) => i.key, ...run });
    const first = call(item('k00'));
    await new Promise((resolve) => setImmediate(resolve)); // the first goes out alone
    const rest = Array.from({ length: 10 }, (_, i) => call(item(`k${String(i + 1).padStart(2, '0')}`)));
    await run.finishAll();
    await Promise.all([first, ...rest]);
    expect(run.batches[0]).toEqual(['k00']);
    expect(run.batches.slice(1).every((batch) => batch.length <= 3)).toBe(true);
    expect(run.batches.flat().sort()).toEqual(Array.from({ length: 11 }, (_, i) => `k${String(i).padStart(2, '0')}`));
    expect(run.batches.length).toBeLessThan(11);
    expect(run.mostRunning()).toBe(2);
  });

  it('never runs one key twice at the same time, in one batch or two', async () => {
    const run = recordingRun();
    const call = createConcurrentBatcher({ maxBatch: 8, maxInFlight: 4, keyOf: (i: Item) => i.key, ...run });
    const answers = Promise.all([call(item('x', 1)), call(item('x', 2)), call(item('y', 3)), call(item('x', 4))]);
    await run.finishAll();
    expect(await answers).toEqual([10, 20, 30, 40]);
    expect(run.batches).toEqual([['x', 'y'], ['x'], ['x']]);
  });

  it('retries a failed batch one item at a time, so only the bad item fails', async () => {
    const run = recordingRun((i) => i.key === 'bad');
    const call = createConcurrentBatcher({ maxBatch: 8, maxInFlight: 1, keyOf: (i: Item) => i.key, ...run });
    const outcomes = Promise.allSettled(['a', 'bad', 'c'].map((key) => call(item(key))));
    await run.finishAll();
    const settled = await outcomes;
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('bad item bad'));
    expect(run.batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('treats a batch that answers for the wrong number of items as failed', async () => {
    const call = createConcurrentBatcher({
      maxBatch: 8,
      maxInFlight: 1,
      keyOf: (i: Item) => i.key,
      runBatch: (items: readonly Item[]) => Promise.resolve(items.length > 1 ? [1] : [items.length * 7]),
    });
    expect(await Promise.all([call(item('a')), call(item('b'))])).toEqual([7, 7]);
  });

  it('refuses limits below one', () => {
    expect(() =>
      createConcurrentBatcher({ maxBatch: 0, maxInFlight: 1, keyOf: String, runBatch: () => Promise.resolve([]) }),
    ).toThrow('at least 1');
  });
});
