import { type FileHandle, open, unlink } from 'node:fs/promises';
import {
  ReplaceNotStarted,
  type SyncFile,
  dataSync,
  replaceFileAtomically,
  replacementPathFor,
} from './atomic-replace';
import { GroupCommitJournal } from './group-commit-journal';
import { JOURNAL_FORMAT_VERSION, checkHeader, encodeHeader, scanRecords } from './record-framing';
import { messageOf } from './error-message';
import { acquireSingleWriterLock } from './single-writer-lock';

export { JournalFailedError } from './group-commit-journal';
export { MAX_RECORD_BYTES } from './record-framing';
export type { SyncFile } from './atomic-replace';

/**
 * temporal-lite's durable storage: an append-only file of opaque records, each framed with a length prefix and a
 * CRC-32C (format in record-framing.ts). What a record means is the server's business; this layer promises only:
 *
 * - an append resolves once its record, and every record appended before it, is written and synced to disk, so a
 *   caller that answers an RPC after the append resolves never acknowledges something a crash can take back;
 * - recovery returns exactly the records whose appends resolved (plus possibly some whose appends were still in
 *   flight at the crash), in order, and drops a torn or corrupt tail;
 * - compaction replaces the whole file atomically: after a crash the file holds either the old records or the new.
 *
 * One process at a time: opening takes a lock file beside the journal (single-writer-lock.ts), and a second process
 * opening the same journal is refused while the first runs.
 */
export interface Journal {
  /**
   * Queues one record; resolves once it (and every record queued before it) is written and synced. Records queued in
   * the same turn of the event loop, or while a previous write and sync are in progress, share one write and one sync
   * (group commit). If a write or sync fails, this append, every append queued with or after it, and every later
   * call reject with a JournalFailedError: what reached the disk is unknown, so the journal stops.
   * Rejects with a RangeError, without affecting other records, if the record exceeds MAX_RECORD_BYTES.
   */
  append(record: Buffer): Promise<void>;
  /**
   * Compaction: atomically replaces the whole file with these records (a sibling file in the same directory, synced,
   * renamed over the journal, then the directory synced), then continues appending after them. It takes its place
   * in the queue like an append: records appended before the call are written to the old file first (so `records`
   * must already account for them, as a snapshot of the state at the call does), and records appended after the
   * call, even while the rewrite is in progress, land after the compacted records; none is lost.
   * The records are copied at the call, so their buffers may be reused at once; one over MAX_RECORD_BYTES rejects the
   * call with a RangeError and changes nothing. If it fails before the rename, the old file is intact and the journal goes on appending to it (only this call
   * rejects); a failure after the rename stops the journal as a failed append does.
   */
  rewrite(records: readonly Buffer[]): Promise<void>;
  /** Bytes in the file now, header included (so the caller can decide when to compact). */
  readonly sizeBytes: number;
  /** Finishes every queued append and rewrite, then closes the file; later calls reject. Idempotent. */
  close(): Promise<void>;
}

export interface RecoveredJournal {
  readonly journal: Journal;
  /**
   * Every whole record in the file, in order: after a compaction, the records given to the last `rewrite` first,
   * then those appended since. They are views into one buffer holding the file: decode them, and copy any you keep.
   */
  readonly records: Buffer[];
  /** Bytes of a torn or corrupt tail that were dropped (0 when the file ended on a whole record). */
  readonly droppedBytes: number;
}

export interface JournalOptions {
  /** How written bytes are made durable; defaults to fdatasync. A seam for tests (counting) and benchmarks. */
  readonly syncFile?: SyncFile;
}

/**
 * Opens the journal at `file`, creating it (durably, directory entry included) when it is missing, and recovers its
 * records. A torn or corrupt tail is cut off and the truncation synced before anything new is appended, so a later
 * recovery cannot mistake old garbage for records. Holds the single-writer lock `FILE.lock` until close. Rejects,
 * touching nothing, when the file is not a journal of this format version, or another running process has it open.
 */
export async function openJournal(file: string, options: JournalOptions = {}): Promise<RecoveredJournal> {
  const lock = await acquireSingleWriterLock(file);
  try {
    return await recoverJournal(file, options.syncFile ?? dataSync, () => lock.release());
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function recoverJournal(
  file: string,
  syncFile: SyncFile,
  afterClose: () => Promise<void>,
): Promise<RecoveredJournal> {
  // A compaction interrupted by a crash leaves its unrenamed replacement behind; the journal itself is whole.
  await unlink(replacementPathFor(file)).catch(ignoreMissing);

  const existing = await openExisting(file);
  const contents = existing ? await existing.readFile() : Buffer.alloc(0);
  const header = checkHeader(contents);
  if (header.kind === 'foreign' || header.kind === 'unsupported-version') {
    await existing?.close();
    const detail = header.kind === 'foreign' ? 'not a temporal-lite journal' : `journal format ${header.version}`;
    throw new Error(`${file}: ${detail}; this build reads journal format ${JOURNAL_FORMAT_VERSION}`);
  }
  // A valid header means the file exists; the second test only tells the compiler so.
  if (header.kind === 'absent' || !existing) {
    await existing?.close();
    const created = await replaceFileAtomically(file, [encodeHeader()], syncFile).catch((error: unknown) => {
      const reason = error instanceof ReplaceNotStarted ? error.cause : error;
      throw new Error(`${file}: cannot create the journal: ${messageOf(reason)}`, { cause: reason });
    });
    const journal = new GroupCommitJournal(file, created.handle, created.sizeBytes, syncFile, afterClose);
    return { journal, records: [], droppedBytes: contents.length };
  }

  const handle = existing;
  try {
    const { records, validBytes } = scanRecords(contents);
    if (validBytes < contents.length) {
      await handle.truncate(validBytes);
      await syncFile(handle);
    }
    const journal = new GroupCommitJournal(file, handle, validBytes, syncFile, afterClose);
    return { journal, records, droppedBytes: contents.length - validBytes };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function openExisting(file: string): Promise<FileHandle | undefined> {
  try {
    return await open(file, 'r+');
  } catch (error) {
    ignoreMissing(error);
    return undefined;
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
