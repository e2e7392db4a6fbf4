import { type VirtualClock } from '../clock/virtual-clock';
import { type CallContext } from '../grpc/call-context';
import { type ServiceHandlers } from '../grpc/server';
import { type google, type temporal } from '../proto/codec';
import { durationToMs, msToTimestamp, timestampToMs } from '../proto/time';

/** Resolves once virtual time reaches `atMs` (a clock timer, so it may be skipped to). */
function sleepUntil(clock: VirtualClock, atMs: number): Promise<object> {
  return new Promise((resolve) => clock.schedule(atMs, () => resolve({}), 'TestService sleep'));
}

/**
 * `env.sleep`: lets time skip past the caller's own lock until virtual time reaches `atMs` (see
 * SkipLocks.allowsSkipping). A cancelled call (the worker or the test went away) stops offsetting at once, so an
 * abandoned sleep cannot keep letting time skip.
 */
function sleepUnlockedUntil(clock: VirtualClock, atMs: number, ctx: CallContext): Promise<object> {
  return new Promise((resolve) => {
    const endSleep = clock.beginUnlockedSleep();
    const cancelTimer = clock.schedule(
      atMs,
      () => {
        endSleep();
        unsubscribe();
        resolve({});
      },
      'TestService unlocked sleep',
    );
    const unsubscribe = ctx.onCancelled(() => {
      endSleep();
      cancelTimer();
      resolve({}); // nobody reads it; settles the handler
    });
  });
}

/** `temporal.api.testservice.v1.TestService`, driven by `@temporalio/testing`'s time-skipping environment. */
export function testServiceHandlers(clock: VirtualClock): ServiceHandlers {
  return {
    LockTimeSkipping() {
      clock.lockTimeSkipping();
      return {};
    },
    UnlockTimeSkipping() {
      clock.unlockTimeSkipping();
      return {};
    },
    Sleep: (request: temporal.api.testservice.v1.ISleepRequest) =>
      sleepUntil(clock, clock.now() + durationToMs(request.duration)),
    SleepUntil: (request: temporal.api.testservice.v1.ISleepUntilRequest) =>
      sleepUntil(clock, timestampToMs(request.timestamp) ?? clock.now()),
    UnlockTimeSkippingWithSleep: (request: temporal.api.testservice.v1.ISleepRequest, ctx: CallContext) =>
      sleepUnlockedUntil(clock, clock.now() + durationToMs(request.duration), ctx),
    GetCurrentTime: (): temporal.api.testservice.v1.IGetCurrentTimeResponse & { time: google.protobuf.ITimestamp } => ({
      time: msToTimestamp(clock.now()),
    }),
  };
}
