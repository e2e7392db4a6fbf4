import { VirtualClock } from '../../../devserver/src/clock/virtual-clock';

/** A controllable wall clock: tests move it explicitly instead of sleeping. */
function fakeWall(startMs: number): { now: () => number; advance: (ms: number) => void } {
  let wall = startMs;
  return { now: () => wall, advance: (ms) => (wall += ms) };
}

/** Lets the clock's setImmediate-driven pump run. */
const settle = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

const HOUR = 3_600_000;

describe('VirtualClock', () => {
  let clocks: VirtualClock[] = [];
  const make = (...args: ConstructorParameters<typeof VirtualClock>) => {
    const clock = new VirtualClock(...args);
    clocks.push(clock);
    return clock;
  };
  afterEach(() => {
    for (const clock of clocks) clock.dispose();
    clocks = [];
  });

  it('starts at the given instant and follows the wall clock while locked', () => {
    const wall = fakeWall(1_000);
    const clock = make({ mode: 'skipping-locked', startMs: Date.UTC(2026, 2, 8, 6), wallNow: wall.now });
    expect(clock.now()).toBe(Date.UTC(2026, 2, 8, 6));
    wall.advance(250);
    expect(clock.now()).toBe(Date.UTC(2026, 2, 8, 6) + 250);
    expect(clock.lockCount).toBe(1);
  });

  it('does not skip while the initial lock is held, and jumps to the next timer once it is released', async () => {
    const wall = fakeWall(0);
    const clock = make({ mode: 'skipping-locked', startMs: 0, wallNow: wall.now });
    const fired: number[] = [];
    clock.schedule(HOUR, () => fired.push(clock.now()), 'one hour');
    await settle();
    expect(fired).toEqual([]);
    expect(clock.now()).toBe(0);

    clock.unlockTimeSkipping();
    await settle();
    expect(fired).toEqual([HOUR]);
    expect(clock.now()).toBe(HOUR);
  });

  it('counts locks: time skips only when every lock is released', async () => {
    const wall = fakeWall(0);
    const clock = make({ mode: 'skipping-unlocked', startMs: 0, wallNow: wall.now });
    const releaseA = clock.lock('a');
    const releaseB = clock.lock('b');
    let fired = false;
    clock.schedule(HOUR, () => (fired = true), 'timer');
    releaseA();
    releaseA(); // releasing twice must not release someone else's lock
    await settle();
    expect(fired).toBe(false);
    expect(clock.lockReasons()).toEqual(['b']);
    releaseB();
    await settle();
    expect(fired).toBe(true);
  });

  it('fires timers due at the same instant in scheduling order, and earlier ones first', async () => {
    const clock = make({ mode: 'skipping-unlocked', startMs: 0, wallNow: fakeWall(0).now });
    const order: string[] = [];
    const hold = clock.lock('setup');
    clock.schedule(2 * HOUR, () => order.push('later'), 'later');
    clock.schedule(HOUR, () => order.push('first'), 'first');
    clock.schedule(HOUR, () => order.push('second'), 'second');
    clock.schedule(HOUR, () => order.push('third'), 'third');
    hold();
    await settle();
    expect(order).toEqual(['first', 'second', 'third', 'later']);
  });

  it('stops skipping when a timer callback takes a lock (a workflow task was scheduled)', async () => {
    const clock = make({ mode: 'skipping-unlocked', startMs: 0, wallNow: fakeWall(0).now });
    let release: (() => void) | undefined;
    let secondFired = false;
    clock.schedule(HOUR, () => (release = clock.lock('workflow task')), 'first');
    clock.schedule(5 * HOUR, () => (secondFired = true), 'second');
    await settle();
    expect(clock.now()).toBe(HOUR);
    expect(secondFired).toBe(false);
    release?.();
    await settle();
    expect(secondFired).toBe(true);
    expect(clock.now()).toBe(5 * HOUR);
  });

  it('never fires a cancelled timer and does not jump to it', async () => {
    const clock = make({ mode: 'skipping-unlocked', startMs: 0, wallNow: fakeWall(0).now });
    let fired = false;
    const cancel = clock.schedule(HOUR, () => (fired = true), 'cancelled');
    cancel();
    await settle();
    expect(fired).toBe(false);
    expect(clock.now()).toBe(0);
  });

  it('stacks client unlocks: time stays put once every waiting caller has locked again', async () => {
    const clock = make({ mode: 'skipping-locked', startMs: 0, wallNow: fakeWall(0).now });
    clock.unlockTimeSkipping();
    clock.unlockTimeSkipping(); // a second concurrent result()
    expect(clock.lockCount).toBe(0);
    clock.lockTimeSkipping(); // one result() returned; the other still waits
    expect(clock.lockCount).toBe(0);
    clock.lockTimeSkipping();
    expect(clock.lockCount).toBe(1);
    let fired = false;
    clock.schedule(HOUR, () => (fired = true), 'timer');
    await settle();
    expect(fired).toBe(false);
  });

  it('never jumps in real mode: timers wait for the wall clock', async () => {
    const clock = make({ mode: 'real' });
    const started = Date.now();
    let firedAt = 0;
    await new Promise<void>((resolve) =>
      clock.scheduleAfter(
        30,
        () => {
          firedAt = Date.now();
          resolve();
        },
        'short',
      ),
    );
    expect(firedAt - started).toBeGreaterThanOrEqual(25);
    expect(clock.lockCount).toBe(0);
  });

  it('reports a throwing timer callback and keeps firing the others', async () => {
    const errors: string[] = [];
    const clock = make({
      mode: 'skipping-unlocked',
      startMs: 0,
      wallNow: fakeWall(0).now,
      onTimerError: (description) => errors.push(description),
    });
    let fired = false;
    clock.schedule(
      HOUR,
      () => {
        throw new Error('boom');
      },
      'throws',
    );
    clock.schedule(HOUR, () => (fired = true), 'fine');
    await settle();
    expect(errors).toEqual(['throws']);
    expect(fired).toBe(true);
  });
});
