import { VirtualClock } from '../../../devserver/src/clock/virtual-clock';

/** Lets the clock's setImmediate-driven pump run. */
const settle = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

const WORKFLOW_TASK_TIMEOUT_MS = 10_000;
const ACTIVITY_TIMEOUT_MS = 60_000;

/**
 * Client locks (the initial lock, LockTimeSkipping/UnlockTimeSkipping) and resource locks (workflow tasks, activities,
 * queries) are separate tallies; env.sleep (UnlockTimeSkippingWithSleep) offsets one lock its caller could hold.
 */
describe('time-skipping lock accounting', () => {
  let clock: VirtualClock;
  let fired: string[];
  beforeEach(() => {
    // A frozen wall clock: time moves only when the clock skips.
    clock = new VirtualClock({ mode: 'skipping-locked', startMs: 0, wallNow: () => 0 });
    fired = [];
  });
  afterEach(() => clock.dispose());

  const timer = (atMs: number, name: string) => clock.schedule(atMs, () => fired.push(name), name);

  it('does not skip over running activities however many result() calls unlocked', async () => {
    const activities = Array.from({ length: 5 }, (_, index) => clock.lock(`activity ${index}`, 'activity'));
    const workflowTask = clock.lock('workflow task');
    timer(WORKFLOW_TASK_TIMEOUT_MS, 'workflow task timeout');
    timer(ACTIVITY_TIMEOUT_MS, 'activity timeout');
    for (let waiting = 0; waiting < 5; waiting++) clock.unlockTimeSkipping();
    await settle();
    expect(fired).toEqual([]);
    expect(clock.now()).toBe(0);

    workflowTask();
    for (const release of activities.slice(0, 4)) release();
    await settle();
    expect(fired).toEqual([]);
    expect(clock.lockReasons()).toEqual(['activity 4']);

    activities[4]?.();
    await settle();
    expect(fired).toEqual(['workflow task timeout', 'activity timeout']);
  });

  it('does not skip while resources are idle but the client holds its lock', async () => {
    timer(ACTIVITY_TIMEOUT_MS, 'timer');
    await settle();
    expect(fired).toEqual([]);
    expect(clock.lockReasons()).toEqual(['client LockTimeSkipping x1']);
  });

  it('lets an activity calling env.sleep skip while the test waits in result()', async () => {
    clock.unlockTimeSkipping();
    const releaseActivity = clock.lock('activity', 'activity');
    timer(1_000_000, 'sleep deadline');
    timer(1_500_000, 'workflow timer');
    await settle();
    expect(fired).toEqual([]);

    const endSleep = clock.beginUnlockedSleep();
    clock.schedule(1_000_000, endSleep, 'end sleep');
    await settle();
    // The sleep ended at 1 000 000 and the activity still runs: the workflow timer must wait for it.
    expect(fired).toEqual(['sleep deadline']);
    expect(clock.now()).toBe(1_000_000);

    releaseActivity();
    await settle();
    expect(fired).toEqual(['sleep deadline', 'workflow timer']);
  });

  it("lets the test's own env.sleep skip while nothing runs, and stops at the deadline", async () => {
    const endSleep = clock.beginUnlockedSleep();
    clock.schedule(1_000_000, endSleep, 'sleep deadline');
    timer(2_000_000, 'workflow timer');
    await settle();
    expect(clock.now()).toBe(1_000_000);
    expect(fired).toEqual([]);
    expect(clock.lockCount).toBe(1);
  });

  it('never lets env.sleep offset a workflow-task or query lock', async () => {
    clock.unlockTimeSkipping();
    const releaseTask = clock.lock('workflow task');
    const releaseQuery = clock.lock('query');
    timer(WORKFLOW_TASK_TIMEOUT_MS, 'workflow task timeout');
    clock.beginUnlockedSleep();
    clock.beginUnlockedSleep();
    await settle();
    expect(fired).toEqual([]);
    releaseTask();
    await settle();
    expect(fired).toEqual([]);
    releaseQuery();
    await settle();
    expect(fired).toEqual(['workflow task timeout']);
  });

  it('does not let env.sleep inside an activity skip while the test holds its client lock', async () => {
    clock.lock('activity', 'activity');
    clock.beginUnlockedSleep();
    timer(ACTIVITY_TIMEOUT_MS, 'activity timeout');
    await settle();
    expect(fired).toEqual([]);
    expect(clock.lockCount).toBe(1);
  });

  it('stops offsetting when the sleep ends early (its call was cancelled)', async () => {
    clock.unlockTimeSkipping();
    clock.lock('activity', 'activity');
    const endSleep = clock.beginUnlockedSleep();
    endSleep();
    endSleep(); // ending twice must not cancel another sleeper's offset
    clock.beginUnlockedSleep();
    expect(clock.lockCount).toBe(0);
    clock.lock('second activity', 'activity');
    timer(ACTIVITY_TIMEOUT_MS, 'activity timeout');
    await settle();
    expect(fired).toEqual([]);
    expect(clock.lockCount).toBe(1);
  });
});
