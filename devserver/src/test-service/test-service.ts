import { type VirtualClock } from '../clock/virtual-clock';
import { type ServiceHandlers } from '../grpc/server';
import { type google, type temporal } from '../proto/codec';
import { durationToMs, msToTimestamp, timestampToMs } from '../proto/time';

/** Resolves once virtual time reaches `atMs` (a clock timer, so it may be skipped to). */
function sleepUntil(clock: VirtualClock, atMs: number, unlockWhileSleeping: boolean): Promise<object> {
  return new Promise((resolve) => {
    clock.schedule(
      atMs,
      () => {
        if (unlockWhileSleeping) clock.lockExternal();
        resolve({});
      },
      'TestService sleep',
    );
    if (unlockWhileSleeping) clock.unlockExternal();
  });
}

/** `temporal.api.testservice.v1.TestService`, driven by `@temporalio/testing`'s time-skipping environment. */
export function testServiceHandlers(clock: VirtualClock): ServiceHandlers {
  return {
    LockTimeSkipping() {
      clock.lockExternal();
      return {};
    },
    UnlockTimeSkipping() {
      clock.unlockExternal();
      return {};
    },
    Sleep: (request: temporal.api.testservice.v1.ISleepRequest) =>
      sleepUntil(clock, clock.now() + durationToMs(request.duration), false),
    SleepUntil: (request: temporal.api.testservice.v1.ISleepUntilRequest) =>
      sleepUntil(clock, timestampToMs(request.timestamp) ?? clock.now(), false),
    UnlockTimeSkippingWithSleep: (request: temporal.api.testservice.v1.ISleepRequest) =>
      sleepUntil(clock, clock.now() + durationToMs(request.duration), true),
    GetCurrentTime: (): temporal.api.testservice.v1.IGetCurrentTimeResponse & { time: google.protobuf.ITimestamp } => ({
      time: msToTimestamp(clock.now()),
    }),
  };
}
