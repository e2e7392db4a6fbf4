import { crc32c } from './crc32c';

/**
 * The journal's on-disk format, version 1:
 *
 *   file   := header record*
 *   header := "TLJOURNL" (8 bytes ASCII) · format version (uint32 LE)
 *   record := payload length (uint32 LE) · CRC-32C of (length bytes · payload) (uint32 LE) · payload
 *
 * The checksum covers the length prefix as well as the payload: a run of zero bytes (what some file systems leave
 * after a crash in space the file was extended into) would otherwise read as a valid empty record, since the CRC of
 * nothing is 0; and a corrupted length is caught even when it happens to frame a plausible payload.
 */
export const JOURNAL_MAGIC = Buffer.from('TLJOURNL', 'ascii');
export const JOURNAL_FORMAT_VERSION = 1;
export const HEADER_BYTES = JOURNAL_MAGIC.length + 4;
export const RECORD_PREFIX_BYTES = 8;

/**
 * The largest payload a record may hold. A length prefix beyond it is treated as corruption (a torn tail), so a
 * damaged prefix can never make recovery allocate gigabytes. Temporal's own limits (2 MiB per payload, 4 MiB per
 * gRPC message by default) are far below.
 */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export function encodeHeader(): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  JOURNAL_MAGIC.copy(header, 0);
  header.writeUInt32LE(JOURNAL_FORMAT_VERSION, JOURNAL_MAGIC.length);
  return header;
}

/** Length prefix, checksum and payload, ready to write. */
export function encodeRecord(payload: Uint8Array): Buffer {
  if (payload.length > MAX_RECORD_BYTES) {
    throw new RangeError(`journal record of ${payload.length} bytes exceeds the ${MAX_RECORD_BYTES}-byte limit`);
  }
  const frame = Buffer.allocUnsafe(RECORD_PREFIX_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32c(payload, crc32c(frame.subarray(0, 4))), 4);
  frame.set(payload, RECORD_PREFIX_BYTES);
  return frame;
}

export type HeaderCheck =
  | { readonly kind: 'valid' }
  | { readonly kind: 'absent' }
  | { readonly kind: 'foreign' }
  | { readonly kind: 'unsupported-version'; readonly version: number };

/**
 * `absent` when the file is empty or holds only a prefix of a header (a crash while creating it: nothing was ever
 * acknowledged); `foreign` or `unsupported-version` when the bytes are some other file or another format, which
 * recovery must refuse rather than truncate.
 */
export function checkHeader(file: Buffer): HeaderCheck {
  const expected = encodeHeader();
  if (file.length < HEADER_BYTES) {
    return expected.subarray(0, file.length).equals(file) ? { kind: 'absent' } : { kind: 'foreign' };
  }
  if (!file.subarray(0, JOURNAL_MAGIC.length).equals(JOURNAL_MAGIC)) return { kind: 'foreign' };
  const version = file.readUInt32LE(JOURNAL_MAGIC.length);
  return version === JOURNAL_FORMAT_VERSION ? { kind: 'valid' } : { kind: 'unsupported-version', version };
}

export interface ScannedRecords {
  /** Payloads of the whole records, in file order: views into the scanned buffer, not copies. */
  readonly records: Buffer[];
  /** Offset just past the last whole record: where the file must be truncated and appending resume. */
  readonly validBytes: number;
}

/**
 * Reads records from `file` (whose header has been checked) until the first one that is incomplete, oversized or
 * fails its checksum. Everything from there on is unusable: a record is only acknowledged after every record before
 * it is durable, so nothing acknowledged can follow a damaged one.
 */
export function scanRecords(file: Buffer): ScannedRecords {
  const records: Buffer[] = [];
  let offset = HEADER_BYTES;
  while (offset + RECORD_PREFIX_BYTES <= file.length) {
    const length = file.readUInt32LE(offset);
    const payloadStart = offset + RECORD_PREFIX_BYTES;
    if (length > MAX_RECORD_BYTES || payloadStart + length > file.length) break;
    const payload = file.subarray(payloadStart, payloadStart + length);
    const expected = crc32c(payload, crc32c(file.subarray(offset, offset + 4)));
    if (file.readUInt32LE(offset + 4) !== expected) break;
    records.push(payload);
    offset = payloadStart + length;
  }
  return { records, validBytes: offset };
}
