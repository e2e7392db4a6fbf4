/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven, one byte at a time.
 *
 * Node 20 has no built-in CRC (`zlib.crc32` arrived in Node 22, and it is the IEEE polynomial anyway). CRC-32C is
 * the checksum storage formats use for records (ext4, iSCSI, LevelDB/RocksDB logs): it detects every burst error up
 * to 32 bits and has better Hamming distance than IEEE CRC-32 at record sizes.
 */
const CASTAGNOLI_REFLECTED = 0x82f63b78;

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ CASTAGNOLI_REFLECTED : crc >>> 1;
    table[byte] = crc >>> 0;
  }
  return table;
})();

/**
 * Continues a CRC-32C over `bytes`; pass the previous result as `crc` to checksum data given in pieces. Returns an
 * unsigned 32-bit value.
 */
export function crc32c(bytes: Uint8Array, crc = 0): number {
  let state = ~crc >>> 0;
  for (let index = 0; index < bytes.length; index++) {
    // Both indexes are in range by construction; the non-null assertions only satisfy noUncheckedIndexedAccess.
    state = TABLE[(state ^ bytes[index]!) & 0xff]! ^ (state >>> 8);
  }
  return ~state >>> 0;
}
