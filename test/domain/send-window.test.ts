import { daysAfterAtLocal, nextSendTime, planSend, resolveZone } from '../../domain/send-window';

const policy = { defaultTimezone: 'Asia/Shanghai' };
const transactional = { start: '08:00', end: '21:00' };
const service = { start: '09:00', end: '20:00' };
const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();

describe('nextSendTime', () => {
  it('sends at once inside the window', () => {
    const now = at('2026-03-10T12:00:00+08:00');
    expect(nextSendTime(now, 'Asia/Shanghai', transactional, policy)).toBe(now);
  });

  it('waits for the next morning when a stall is detected at night', () => {
    const now = at('2026-03-10T23:30:00+08:00');
    expect(iso(nextSendTime(now, 'Asia/Shanghai', transactional, policy))).toBe('2026-03-11T00:00:00.000Z');
  });

  it('waits for the same morning before the window opens', () => {
    const now = at('2026-03-10T03:00:00+08:00');
    expect(iso(nextSendTime(now, 'Asia/Shanghai', transactional, policy))).toBe('2026-03-10T00:00:00.000Z');
  });

  it('treats the end of the window as closed', () => {
    const now = at('2026-03-10T21:00:00+08:00');
    expect(iso(nextSendTime(now, 'Asia/Shanghai', transactional, policy))).toBe('2026-03-11T00:00:00.000Z');
    const justBefore = at('2026-03-10T20:59:00+08:00');
    expect(nextSendTime(justBefore, 'Asia/Shanghai', transactional, policy)).toBe(justBefore);
  });

  it('ignores the window for exempt messages', () => {
    const now = at('2026-03-10T03:00:00+08:00');
    expect(nextSendTime(now, 'Asia/Shanghai', null, policy)).toBe(now);
  });

  it('uses the recipient zone, not the server zone', () => {
    // 13:00 UTC is 09:00 in New York (EDT) but 21:00 in Shanghai.
    const now = at('2026-06-01T13:00:00Z');
    expect(nextSendTime(now, 'America/New_York', transactional, policy)).toBe(now);
    expect(iso(nextSendTime(now, 'Asia/Shanghai', transactional, policy))).toBe('2026-06-02T00:00:00.000Z');
  });

  describe('windows that cross midnight', () => {
    const night = { start: '22:00', end: '06:00' };
    it.each([
      ['23:30 is inside', '2026-05-05T23:30:00+08:00', '2026-05-05T15:30:00.000Z'],
      ['03:00 is inside', '2026-05-06T03:00:00+08:00', '2026-05-05T19:00:00.000Z'],
      ['12:00 waits for 22:00', '2026-05-06T12:00:00+08:00', '2026-05-06T14:00:00.000Z'],
      ['06:00 waits for 22:00', '2026-05-06T06:00:00+08:00', '2026-05-06T14:00:00.000Z'],
    ])('%s', (_name, nowIso, expected) => {
      expect(iso(nextSendTime(at(nowIso), 'Asia/Shanghai', night, policy))).toBe(expected);
    });
  });

  describe('daylight saving', () => {
    it('New York spring-forward: a window opening inside the gap opens when the clock jumps', () => {
      // 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist.
      const now = at('2026-03-08T01:00:00-05:00');
      const sendAt = nextSendTime(now, 'America/New_York', { start: '02:30', end: '21:00' }, policy);
      expect(iso(sendAt)).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    });

    it('New York spring-forward: the morning after the change opens at 08:00 EDT', () => {
      const now = at('2026-03-07T22:00:00-05:00');
      expect(iso(nextSendTime(now, 'America/New_York', transactional, policy))).toBe('2026-03-08T12:00:00.000Z');
    });

    it('New York fall-back: a local time that occurs twice is sent at its first occurrence', () => {
      // 2026-11-01: 02:00 EDT falls back to 01:00 EST; 01:30 happens at 05:30Z and again at 06:30Z.
      const now = at('2026-11-01T00:00:00-04:00');
      const sendAt = nextSendTime(now, 'America/New_York', { start: '01:30', end: '21:00' }, policy);
      expect(iso(sendAt)).toBe('2026-11-01T05:30:00.000Z');
    });

    it('London spring-forward: 08:00 the next morning is 07:00 UTC', () => {
      // 2026-03-29: 01:00 GMT jumps to 02:00 BST.
      const now = at('2026-03-28T21:30:00Z');
      expect(iso(nextSendTime(now, 'Europe/London', transactional, policy))).toBe('2026-03-29T07:00:00.000Z');
    });

    it('London fall-back: 08:00 the next morning is 08:00 UTC', () => {
      // 2026-10-25: 02:00 BST falls back to 01:00 GMT.
      const now = at('2026-10-24T22:00:00+01:00');
      expect(iso(nextSendTime(now, 'Europe/London', transactional, policy))).toBe('2026-10-25T08:00:00.000Z');
    });
  });

  it('falls back to the store zone when the customer zone is missing or invalid', () => {
    const now = at('2026-03-10T23:30:00+08:00');
    for (const zone of [undefined, null, '', 'Mars/Olympus', 'GMT+8 please']) {
      expect(iso(nextSendTime(now, zone, transactional, policy))).toBe('2026-03-11T00:00:00.000Z');
    }
    expect(resolveZone('Mars/Olympus', policy)).toEqual({ zone: 'Asia/Shanghai', fellBack: true });
    expect(resolveZone('Europe/London', policy)).toEqual({ zone: 'Europe/London', fellBack: false });
  });
});

describe('daysAfterAtLocal', () => {
  it('is the local calendar date plus N days at HH:MM local', () => {
    const delivered = at('2026-05-05T15:20:00+08:00');
    const guide = daysAfterAtLocal(delivered, 2, '10:00', 'Asia/Shanghai', delivered, policy);
    expect(iso(guide)).toBe('2026-05-07T02:00:00.000Z');
  });

  it('counts from the local date, which may differ from the UTC date', () => {
    // 17:30 UTC on 31 January is 01:30 on 1 February in Shanghai.
    const delivered = at('2026-01-31T17:30:00Z');
    const guide = daysAfterAtLocal(delivered, 2, '10:00', 'Asia/Shanghai', delivered, policy);
    expect(iso(guide)).toBe('2026-02-03T02:00:00.000Z');
  });

  it.each([
    ['end of January', '2026-01-30T20:00:00+08:00', '2026-02-01T02:00:00.000Z'],
    ['end of February', '2026-02-28T12:00:00+08:00', '2026-03-02T02:00:00.000Z'],
    ['end of the year', '2026-12-31T09:00:00+08:00', '2027-01-02T02:00:00.000Z'],
  ])('crosses the %s', (_name, anchorIso, expected) => {
    const anchor = at(anchorIso);
    expect(iso(daysAfterAtLocal(anchor, 2, '10:00', 'Asia/Shanghai', anchor, policy))).toBe(expected);
  });

  it('moves to the next day when the instant has already passed', () => {
    const anchor = at('2026-05-05T08:00:00+08:00');
    const now = at('2026-05-05T11:00:00+08:00');
    expect(iso(daysAfterAtLocal(anchor, 0, '10:00', 'Asia/Shanghai', now, policy))).toBe('2026-05-06T02:00:00.000Z');
  });

  it('keeps wall-clock 10:00 across a DST change', () => {
    // Delivered on Friday before New York springs forward: two days later at 10:00 is EDT, not EST.
    const delivered = at('2026-03-06T15:00:00-05:00');
    const guide = daysAfterAtLocal(delivered, 2, '10:00', 'America/New_York', delivered, policy);
    expect(iso(guide)).toBe('2026-03-08T14:00:00.000Z');
  });
});

describe('planSend', () => {
  it('applies the delay, then the window, and reports the local time', () => {
    const delivered = at('2026-05-05T15:20:00+08:00');
    const plan = planSend(
      {
        now: delivered,
        zone: 'Asia/Shanghai',
        window: service,
        delay: { anchor: delivered, days: 2, atLocal: '10:00' },
      },
      policy,
    );
    expect(plan).toEqual({
      sendAt: at('2026-05-07T10:00:00+08:00'),
      zone: 'Asia/Shanghai',
      zoneFellBack: false,
      localTime: '2026-05-07T10:00:00.000+08:00',
    });
  });

  it('pushes a delayed time that falls outside the window to the opening', () => {
    const delivered = at('2026-05-05T15:20:00+08:00');
    const plan = planSend(
      {
        now: delivered,
        zone: 'Asia/Shanghai',
        window: service,
        delay: { anchor: delivered, days: 1, atLocal: '07:00' },
      },
      policy,
    );
    expect(plan.localTime).toBe('2026-05-06T09:00:00.000+08:00');
  });

  it('says when it fell back to the store zone', () => {
    const plan = planSend({ now: at('2026-05-05T23:00:00+08:00'), zone: 'Nowhere/Land', window: service }, policy);
    expect(plan).toMatchObject({
      zone: 'Asia/Shanghai',
      zoneFellBack: true,
      localTime: '2026-05-06T09:00:00.000+08:00',
    });
  });
});
