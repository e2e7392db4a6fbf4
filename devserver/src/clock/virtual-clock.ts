import { type Release, type ResourceLockHolder, SkipLocks } from './skip-locks';

export { type Release, type ResourceLockHolder } from './skip-locks';

/**
 * The server's notion of time, modelled on the Java test server's SelfAdvancingTimer.
 *
 * - `real`: time follows the wall clock (optionally shifted to a start instant); timers fire in wall time.
 * - `skipping-locked` / `skipping-unlocked`: time runs at wall speed while something holds it back and jumps to the
 *   next timer when nothing does (the rule is in SkipLocks.allowsSkipping). `skipping-locked` starts with one client
 *   lock (the test environment releases it while it waits for a result or sleeps).
 *
 * Node runs one handler at a time, so "lock while a request is processed" reduces to: never move time inside a
 * handler. The pump only runs from `setImmediate`/`setTimeout` callbacks, after the handler's state changes (which
 * take their own locks, e.g. a newly scheduled workflow task) are complete.
 */
export type ClockMode = 'real' | 'skipping-locked' | 'skipping-unlocked';

export interface VirtualClockOptions {
  readonly mode: ClockMode;
  /** Virtual epoch ms at start; defaults to the wall clock. */
  readonly startMs?: number;
  readonly wallNow?: () => number;
  readonly onTimerError?: (description: string, error: unknown) => void;
}

interface TimerEntry {
  readonly at: number;
  readonly seq: number;
  readonly description: string;
  readonly callback: () => void;
  cancelled: boolean;
}

export class VirtualClock {
  readonly mode: ClockMode;
  private readonly wallNow: () => number;
  private readonly onTimerError: (description: string, error: unknown) => void;
  private virtualBase: number;
  private wallBase: number;
  private readonly locks: SkipLocks;
  private timers: TimerEntry[] = [];
  private nextSeq = 0;
  private pumpQueued = false;
  private wallTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(options: VirtualClockOptions) {
    this.mode = options.mode;
    this.wallNow = options.wallNow ?? Date.now;
    this.onTimerError = options.onTimerError ?? (() => undefined);
    this.wallBase = this.wallNow();
    this.virtualBase = options.startMs ?? this.wallBase;
    this.locks = new SkipLocks(this.mode === 'skipping-locked' ? 1 : 0, () => this.requestPump());
  }

  /** Virtual epoch milliseconds. */
  now(): number {
    return this.virtualBase + (this.wallNow() - this.wallBase);
  }

  /** Locks holding time back after env.sleep offsets; 0 means time may skip (in the skipping modes). */
  get lockCount(): number {
    return this.locks.blockingCount;
  }

  /** Why time cannot skip right now (the Java server's "lock diary"), for debugging. */
  lockReasons(): string[] {
    return this.locks.reasons();
  }

  /** Runs `callback` once virtual time reaches `atMs` (same-instant timers fire in scheduling order). */
  schedule(atMs: number, callback: () => void, description: string): Release {
    const entry: TimerEntry = { at: atMs, seq: this.nextSeq++, description, callback, cancelled: false };
    this.insert(entry);
    this.requestPump();
    return () => {
      if (entry.cancelled) return;
      entry.cancelled = true;
      this.requestPump();
    };
  }

  scheduleAfter(delayMs: number, callback: () => void, description: string): Release {
    return this.schedule(this.now() + Math.max(0, delayMs), callback, description);
  }

  /**
   * A resource lock: prevents time skipping until the returned function is called (calling it twice is harmless).
   * `holder: 'activity'` marks an activity attempt, the only holder whose code may call env.sleep.
   */
  lock(reason: string, holder: ResourceLockHolder = 'server'): Release {
    return this.locks.lockResource(reason, holder);
  }

  /** TestService `LockTimeSkipping`. */
  lockTimeSkipping(): void {
    this.locks.lockClient();
  }

  /** TestService `UnlockTimeSkipping`. */
  unlockTimeSkipping(): void {
    this.locks.unlockClient();
  }

  /** TestService `UnlockTimeSkippingWithSleep` starts waiting; call the result when its deadline passes. */
  beginUnlockedSleep(): Release {
    return this.locks.beginSleep();
  }

  dispose(): void {
    this.disposed = true;
    if (this.wallTimer) clearTimeout(this.wallTimer);
    this.timers = [];
  }

  private canSkip(): boolean {
    return this.mode !== 'real' && this.locks.allowsSkipping();
  }

  private insert(entry: TimerEntry): void {
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = this.timers[mid] as TimerEntry;
      if (other.at < entry.at || (other.at === entry.at && other.seq < entry.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, entry);
  }

  private requestPump(): void {
    if (this.pumpQueued || this.disposed) return;
    this.pumpQueued = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.pumpQueued = false;
    if (this.wallTimer) {
      clearTimeout(this.wallTimer);
      this.wallTimer = undefined;
    }
    for (;;) {
      while (this.timers[0]?.cancelled) this.timers.shift();
      const head = this.timers[0];
      if (!head || this.disposed) return;
      const now = this.now();
      if (head.at <= now) {
        this.timers.shift();
        this.fire(head);
        continue;
      }
      if (this.canSkip()) {
        this.virtualBase = head.at;
        this.wallBase = this.wallNow();
        continue;
      }
      this.wallTimer = setTimeout(() => this.pump(), Math.min(head.at - now, 2 ** 31 - 1));
      return;
    }
  }

  private fire(entry: TimerEntry): void {
    try {
      entry.callback();
    } catch (error) {
      this.onTimerError(entry.description, error);
    }
  }
}
