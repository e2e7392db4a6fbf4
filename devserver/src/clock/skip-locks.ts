/** Whose code runs while a resource lock is held: only an activity attempt can call `env.sleep` (see allowsSkipping). */
export type ResourceLockHolder = 'activity' | 'server';

export type Release = () => void;

interface ResourceLock {
  readonly reason: string;
  readonly holder: ResourceLockHolder;
}

/**
 * The accounting behind "may time skip now?", kept in three separate tallies:
 *
 * - the client balance: the test server's initial lock plus `LockTimeSkipping` minus `UnlockTimeSkipping`. Every
 *   concurrent `result()` call unlocks once and locks again when it returns, so the balance legitimately goes below
 *   zero (N waiting calls: 1 − N); the client wants time to skip whenever it is ≤ 0.
 * - resource locks: one per outstanding workflow task, activity attempt and legacy query task. Child starts, external
 *   signals/cancels and timer callbacks complete inside a single handler or pump step, and the pump never moves time
 *   synchronously, so they need no lock of their own.
 * - sleepers: `UnlockTimeSkippingWithSleep` calls (`env.sleep`) still waiting for their virtual deadline.
 *
 * Earlier versions shared one counter between the client and the resources (as the Java test server does); N waiting
 * `result()` calls then cancelled N − 1 resource locks and time jumped over running activities and workflow tasks.
 */
export class SkipLocks {
  private clientBalance: number;
  private readonly resources = new Map<number, ResourceLock>();
  private nextResourceId = 1;
  private sleepers = 0;

  constructor(
    initialClientLocks: number,
    private readonly onRelease: () => void,
  ) {
    this.clientBalance = initialClientLocks;
  }

  /** Takes a resource lock; the returned function releases it (calling it twice is harmless). */
  lockResource(reason: string, holder: ResourceLockHolder): Release {
    const id = this.nextResourceId++;
    this.resources.set(id, { reason, holder });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.resources.delete(id);
      this.onRelease();
    };
  }

  /** `LockTimeSkipping`. */
  lockClient(): void {
    this.clientBalance++;
  }

  /** `UnlockTimeSkipping`; nested calls stack (the balance goes negative and comes back as they lock again). */
  unlockClient(): void {
    this.clientBalance--;
    this.onRelease();
  }

  /** An `UnlockTimeSkippingWithSleep` caller starts waiting; the returned function ends its sleep (idempotent). */
  beginSleep(): Release {
    this.sleepers++;
    let ended = false;
    this.onRelease();
    return () => {
      if (ended) return;
      ended = true;
      this.sleepers--;
    };
  }

  /**
   * Time may skip when nothing blocks it after each sleeper has offset one lock that its caller could hold.
   *
   * `env.sleep` is called either by the test itself (which then holds the client lock: it is not inside `result()`)
   * or by a running activity (which holds its attempt's resource lock), and the request does not say which. So a
   * sleeper may offset the positive part of the client balance or an activity lock, never a workflow-task or query
   * lock: those belong to worker code that cannot call `env.sleep`, and offsetting them would let the clock jump over
   * a workflow task in flight (a WorkflowTaskTimedOut the worker never caused). A negative client balance offsets
   * nothing: waiting `result()` calls only say the client does not mind skipping.
   *
   * This keeps the spec 5.1 cases: an activity sleeping while the test waits in `result()` offsets its own lock; the
   * test's own `env.sleep` offsets its client lock; an activity that outlived its workflow has its lock released on
   * run close, so its still-pending sleep offsets nothing while nothing else runs. What remains unknowable without
   * caller identity: such an orphaned sleep, until its deadline passes, can offset the lock of some other running
   * activity. The sleep ends at its deadline or when its RPC is cancelled (the worker or connection went away).
   */
  allowsSkipping(): boolean {
    let activityLocks = 0;
    for (const lock of this.resources.values()) {
      if (lock.holder !== 'activity') return false;
      activityLocks++;
    }
    return Math.max(0, this.clientBalance) + activityLocks <= this.sleepers;
  }

  /** Total locks that currently hold time back, after sleeper offsets (0 when time may skip). */
  get blockingCount(): number {
    let serverLocks = 0;
    let activityLocks = 0;
    for (const lock of this.resources.values()) {
      if (lock.holder === 'activity') activityLocks++;
      else serverLocks++;
    }
    return serverLocks + Math.max(0, Math.max(0, this.clientBalance) + activityLocks - this.sleepers);
  }

  /** Why time cannot skip right now (the Java server's "lock diary"), for debugging. */
  reasons(): string[] {
    const reasons = [...this.resources.values()].map((lock) => lock.reason);
    if (this.clientBalance > 0) reasons.push(`client LockTimeSkipping x${this.clientBalance}`);
    if (this.sleepers > 0) reasons.push(`offset by env.sleep x${this.sleepers}`);
    return reasons;
  }
}
