import { type CallContext } from '../grpc/call-context';

interface Waiter<T, R> {
  /** Turns an item into a response, or returns undefined when the item went stale (it is then dropped). */
  accept(item: T): R | undefined;
  resolve(response: R | undefined): void;
}

/**
 * One task queue's backlog and long-polling callers. Matching happens synchronously: a task is turned into a
 * response (e.g. the workflow task is started) in the same tick as the waiting poller is resolved, so no task can be
 * started for a caller that has already gone away (cancelled callers are removed on the `cancelled` event).
 */
export class TaskQueue<T, R> {
  private readonly items: T[] = [];
  private readonly waiters: Waiter<T, R>[] = [];

  offer(item: T): void {
    this.items.push(item);
    this.drain();
  }

  get backlog(): number {
    return this.items.length;
  }

  /** Waits up to `budgetMs` of wall time for a task; resolves undefined (an empty poll) otherwise. */
  poll(ctx: CallContext, budgetMs: number, accept: (item: T) => R | undefined): Promise<R | undefined> {
    while (this.items.length > 0) {
      const response = accept(this.items.shift() as T);
      if (response !== undefined) return Promise.resolve(response);
    }
    if (budgetMs <= 0 || ctx.isCancelled()) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const finish = (response: R | undefined): void => {
        clearTimeout(timer);
        unsubscribe();
        resolve(response);
      };
      const waiter: Waiter<T, R> = { accept, resolve: finish };
      const leave = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        finish(undefined);
      };
      const timer = setTimeout(leave, budgetMs);
      const unsubscribe = ctx.onCancelled(leave);
      this.waiters.push(waiter);
    });
  }

  /** Answers every waiting poller with an empty response (worker shutdown). */
  releaseWaiters(): void {
    for (const waiter of this.waiters.splice(0)) waiter.resolve(undefined);
  }

  private drain(): void {
    while (this.waiters.length > 0 && this.items.length > 0) {
      const item = this.items.shift() as T;
      const waiter = this.waiters[0] as Waiter<T, R>;
      const response = waiter.accept(item);
      if (response === undefined) continue;
      this.waiters.shift();
      waiter.resolve(response);
    }
  }
}

/** Task queues by namespace and name, created on first use. */
export class TaskQueueSet<T, R> {
  private readonly queues = new Map<string, TaskQueue<T, R>>();

  get(namespace: string, name: string): TaskQueue<T, R> {
    const key = `${namespace}\u0000${name}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new TaskQueue<T, R>();
      this.queues.set(key, queue);
    }
    return queue;
  }
}
