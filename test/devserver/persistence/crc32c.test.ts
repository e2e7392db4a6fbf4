import { crc32c } from '../../../devserver/src/persistence/crc32c';

describe('crc32c', () => {
  it('matches the published check value and the RFC 3720 (iSCSI) test vectors', () => {
    expect(crc32c(Buffer.from('123456789', 'ascii'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    expect(crc32c(Buffer.alloc(32, 0x00))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, index) => index)))).toBe(0x46dd794e);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, index) => 31 - index)))).toBe(0x113fdb5c);
  });

  it('continues across pieces: checksumming in parts equals checksumming the whole', () => {
    const whole = Buffer.from('temporal-lite keeps its state on disk', 'utf8');
    for (const split of [0, 1, 7, whole.length - 1, whole.length]) {
      expect(crc32c(whole.subarray(split), crc32c(whole.subarray(0, split)))).toBe(crc32c(whole));
    }
  });

  it('agrees with a bit-at-a-time reference for every length and alignment the 8-byte steps can meet', () => {
    const random = Buffer.from(Array.from({ length: 200 }, (_, index) => (Math.imul(index, 2654435761) >>> 13) & 0xff));
    for (let start = 0; start < 9; start++) {
      for (let length = 0; length <= 80; length++) {
        const piece = random.subarray(start, start + length);
        expect(crc32c(piece)).toBe(bitwiseCrc32c(piece));
      }
    }
  });
});

/** The definition, one bit at a time: slow and obviously right. */
function bitwiseCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return ~crc >>> 0;
}
