import { batchSizeFor, bucketRule, newBucket, spend, waitFor } from '../../domain/campaign/token-bucket';

/** Runs the pacer as the workflow does: wait, send a full batch, repeat; timers may fire `lateMs` late. */
function simulate(rate: number, total: number, lateMs = 0): { at: number; sent: number }[] {
  const batch = batchSizeFor(rate, 500);
  const rule = bucketRule(rate, batch);
  let now = 0;
  let bucket = newBucket(now, batch);
  const sends: { at: number; sent: number }[] = [];
  for (let left = total; left > 0;) {
    const wait = waitFor(bucket, now, batch, rule);
    if (wait > 0) now += wait + lateMs;
    const sent = Math.min(batch, left);
    bucket = spend(bucket, now, sent, rule);
    sends.push({ at: now, sent });
    left -= sent;
    now += 37; // the batch activity's own duration
  }
  return sends;
}

function achieved(sends: { at: number; sent: number }[]): number {
  const before = sends.slice(0, -1).reduce((s, b) => s + b.sent, 0);
  return (before * 1000) / (sends[sends.length - 1]!.at - sends[0]!.at);
}

describe('campaign token bucket', () => {
  it('achieves the configured rate', () => {
    expect(achieved(simulate(200, 10_000))).toBeCloseTo(200, 0);
    expect(achieved(simulate(7, 300))).toBeCloseTo(7, 1);
  });

  it('does not drift low when timers fire late', () => {
    expect(Math.abs(achieved(simulate(200, 10_000, 15)) - 200) / 200).toBeLessThan(0.03);
  });

  it('never sends more than capacity plus a second at the rate in any second', () => {
    const rate = 200;
    const sends = simulate(rate, 5_000, 3);
    const capacity = bucketRule(rate, batchSizeFor(rate, 500)).capacity;
    for (const s of sends) {
      const inSecond = sends.filter((o) => o.at >= s.at && o.at < s.at + 1000).reduce((n, o) => n + o.sent, 0);
      expect(inSecond).toBeLessThanOrEqual(capacity + rate);
    }
  });

  it('sizes batches to about a second of sending, within bounds', () => {
    expect(batchSizeFor(200, 500)).toBe(200);
    expect(batchSizeFor(10_000, 500)).toBe(500);
    expect(batchSizeFor(0.5, 500)).toBe(1);
  });

  it('an unpaced campaign never waits', () => {
    const rule = bucketRule(10_000, 500);
    let bucket = newBucket(0, 500);
    bucket = spend(bucket, 0, 500, rule);
    expect(waitFor(bucket, 60, 500, rule)).toBe(0);
  });
});
