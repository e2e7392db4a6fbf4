/** What the crash-test child writes, and how the parent reads it back. */

/** Record `number`, padded to a length that varies with it (0 to ~3 KB), so kills tear records of every size. */
export function paddedRecord(number: number): Buffer {
  const padding = (Math.imul(number, 2654435761) >>> 0) % 3000;
  return Buffer.from(`${number}:${'x'.repeat(padding)}`, 'utf8');
}

export function recordNumber(record: Buffer): number {
  return Number(record.toString('utf8', 0, Math.max(0, record.indexOf(':'))));
}

export type CompactionRecord =
  | { readonly kind: 'snapshot'; readonly generation: number; readonly index: number; readonly count: number }
  | { readonly kind: 'append'; readonly generation: number; readonly index: number };

const SNAPSHOT_PADDING = 'y'.repeat(300);

export function snapshotRecord(generation: number, index: number, count: number): Buffer {
  return Buffer.from(JSON.stringify({ kind: 'snapshot', generation, index, count, padding: SNAPSHOT_PADDING }));
}

export function appendRecord(generation: number, index: number): Buffer {
  return Buffer.from(JSON.stringify({ kind: 'append', generation, index }));
}

export function parseCompactionRecord(record: Buffer): CompactionRecord {
  return JSON.parse(record.toString('utf8')) as CompactionRecord;
}
