import { measureSms } from '../../domain/sms-segments';

describe('measureSms', () => {
  it('counts GSM-7 texts in septets: 160 in one segment, 153 per segment after', () => {
    expect(measureSms('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1, perSegment: 160 });
    expect(measureSms('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2, perSegment: 153 });
    expect(measureSms('a'.repeat(306)).segments).toBe(2);
    expect(measureSms('a'.repeat(307)).segments).toBe(3);
  });

  it('counts extension-table characters twice', () => {
    expect(measureSms('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(measureSms('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
  });

  it('sends Chinese as UCS-2: 70 in one segment, 67 per segment after', () => {
    expect(measureSms('快'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1, perSegment: 70 });
    expect(measureSms('快'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2, perSegment: 67 });
    expect(measureSms('快'.repeat(135)).segments).toBe(3);
  });

  it('switches the whole text to UCS-2 for one character outside GSM-7', () => {
    expect(measureSms(`${'a'.repeat(100)}快`)).toMatchObject({ encoding: 'UCS-2', units: 101, segments: 2 });
    // An emoji is two UTF-16 code units.
    expect(measureSms('👍')).toMatchObject({ encoding: 'UCS-2', units: 2, segments: 1 });
  });

  it('costs nothing for an empty text', () => {
    expect(measureSms('').segments).toBe(0);
  });
});
