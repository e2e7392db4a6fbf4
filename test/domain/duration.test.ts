import { formatDuration, parseDuration } from '../../domain/duration';

describe('durations', () => {
  it.each([
    ['48h', 172_800_000],
    ['15m', 900_000],
    ['2d', 172_800_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1w', 604_800_000],
    ['1.5h', 5_400_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '48', 'h', '2 days', '1h 30m', '-1h', '1y', '1h30'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('formats back to the human form', () => {
    expect(formatDuration(172_800_000)).toBe('2d');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
    expect(parseDuration(formatDuration(93_784_005))).toBe(93_784_005);
  });
});
