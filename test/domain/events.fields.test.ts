import { formatPath, timestampProblem } from '../../domain/events';
import { controlCharacterProblem, quoteValue } from '../../domain/events/text';
import { e164Problem, isE164PhoneNumber } from '../../domain/phone';
import { isIanaTimeZone } from '../../domain/timezone';

describe('E.164 phone numbers', () => {
  it.each([
    '+8613800138000',
    '+12125550123',
    '+447911123456',
    // Twilio's test numbers (reliability.md) must reach the fake, so the contract accepts them.
    '+15005550006',
    '+15005550001',
    '+15005550009',
  ])('accepts %s', (phone) => {
    expect(e164Problem(phone)).toBeUndefined();
    expect(isE164PhoneNumber(phone)).toBe(true);
  });

  it.each([
    ['13800138000', 'starting with + and the country code'],
    ['+86 138 0013 8000', 'no spaces or punctuation'],
    ['+86-138-0013-8000', 'no spaces or punctuation'],
    ['+0123456789', 'no spaces or punctuation'],
    ['+86138', 'no spaces or punctuation'],
    ['+861380013800', 'these digits are not a valid number for the country code'],
    ['+15555555555', 'these digits are not a valid number for the country code'],
    ['+4407911123456', 'without the national trunk prefix'],
  ])('rejects %s, saying why', (phone, why) => {
    expect(e164Problem(phone)).toContain('expected an E.164 phone number like +8613800138000');
    expect(e164Problem(phone)).toContain(why);
    expect(isE164PhoneNumber(phone)).toBe(false);
  });

  it('never echoes the number back', () => {
    for (const phone of ['+8613912345', '+4407911123456', '+86 139 1234 5678']) {
      expect(e164Problem(phone)).not.toContain(phone.slice(3));
    }
  });
});

describe('event timestamps', () => {
  it.each([
    '2026-03-02T09:00:00+08:00',
    '2026-03-02T09:00:00Z',
    '2026-03-02T09:00+08:00',
    '2026-03-02T09:00:00.1Z',
    '2026-03-02T09:00:00.123456789-04:00',
    '2024-02-29T12:00:00Z',
    '2000-02-29T12:00:00Z',
    '2026-12-31T23:59:59+14:00',
  ])('accepts %s', (text) => {
    expect(timestampProblem(text)).toBeUndefined();
  });

  it.each([
    ['2026-03-02T09:00:00', 'has no offset'],
    ['2026-03-02T09:00', 'has no offset'],
    ['2025-02-29T12:00:00Z', '2025-02-29 is not a calendar date'],
    ['1900-02-29T12:00:00Z', '1900-02-29 is not a calendar date'],
    ['2026-04-31T12:00:00Z', '2026-04-31 is not a calendar date'],
    ['2026-13-01T12:00:00Z', '2026-13-01 is not a calendar date'],
    ['2026-03-00T12:00:00Z', '2026-03-00 is not a calendar date'],
    ['2026-03-02T24:00:00Z', '24:00:00 is not a time of day'],
    ['2026-03-02T23:60:00Z', '23:60:00 is not a time of day'],
    ['2026-03-02T23:59:60Z', '23:59:60 is not a time of day'],
    ['2026-03-02T09:00:00+19:00', '+19:00 is not a UTC offset'],
    ['2026-03-02T09:00:00+0800', 'expected an ISO-8601 timestamp'],
    ['2026-03-02T09:00:00+08', 'expected an ISO-8601 timestamp'],
    ['2026-03-02 09:00:00Z', 'expected an ISO-8601 timestamp'],
    ['2026-03-02t09:00:00z', 'expected an ISO-8601 timestamp'],
    ['2026-03-02', 'expected an ISO-8601 timestamp'],
    ['1772413200', 'expected an ISO-8601 timestamp'],
    ['Mon, 02 Mar 2026 09:00:00 +0800', 'expected an ISO-8601 timestamp'],
    ['', 'expected an ISO-8601 timestamp'],
  ])('rejects %s', (text, why) => {
    expect(timestampProblem(text)).toContain(why);
  });
});

describe('control characters', () => {
  it.each([
    ['tab', 'a\tb', 'U+0009'],
    ['line feed', 'a\nb', 'U+000A'],
    ['DEL', 'a\u007Fb', 'U+007F'],
    ['C1 next-line', 'a\u0085b', 'U+0085'],
    ['line separator', 'a\u2028b', 'U+2028'],
    ['right-to-left override', 'a\u202Eb', 'U+202E'],
    ['first-strong isolate', 'a\u2068b', 'U+2068'],
  ])('one-line text refuses %s', (_name, text, label) => {
    expect(controlCharacterProblem(text, false)).toBe(
      `must not contain control characters or line breaks (found ${label} at position 1)`,
    );
  });

  it('multi-line text allows tab, CR and LF, and nothing else of the kind', () => {
    expect(controlCharacterProblem('a\tb\r\nc', true)).toBeUndefined();
    expect(controlCharacterProblem('a\u0000b', true)).toBe(
      'must not contain control characters (found U+0000 at position 1)',
    );
    expect(controlCharacterProblem('a\u2029b', true)).toContain('U+2029');
  });

  it('ordinary text passes: CJK, emoji with joiners, markup, non-breaking spaces', () => {
    for (const text of ['落地电风扇', '👨‍👩‍👧 family', '<b>x</b> & "y"', 'a\u00A0b', 'é (e\u0301)']) {
      expect(controlCharacterProblem(text, false)).toBeUndefined();
    }
  });

  it('quoteValue escapes and clips what it echoes', () => {
    expect(quoteValue('a\u0007b')).toBe("'aU+0007b'");
    expect(quoteValue('x'.repeat(50))).toBe(`'${'x'.repeat(40)}…'`);
  });
});

describe('time zones', () => {
  it.each(['Asia/Shanghai', 'America/New_York', 'Europe/London', 'UTC', 'Asia/Kolkata'])('accepts %s', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(true);
  });

  it.each(['Mars/Olympus', '+08:00', 'CST+8', '', 'Asia/Shanghai/Pudong'])('rejects %j', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(false);
  });
});

describe('formatPath', () => {
  it('writes paths as a JavaScript programmer would', () => {
    expect(formatPath(['data', 'items', 0, 'quantity'])).toBe('data.items[0].quantity');
    expect(formatPath(['type'])).toBe('type');
    expect(formatPath([])).toBe('');
    expect(formatPath(['data', 'odd key'])).toBe("data['odd key']");
  });
});
