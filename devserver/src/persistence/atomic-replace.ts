import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { messageOf } from './error-message';

const JOURNAL_FILE_MODE = 0o600;

/** How the journal makes written bytes durable; injectable so tests can count syncs and benchmarks can skip them. */
export type SyncFile = (handle: FileHandle) => Promise<void>;

/**
 * fdatasync: flushes the data and the metadata needed to read it back (the file size included), not timestamps,
 * which is all a journal needs and cheaper than fsync on most file systems.
 */
export const dataSync: SyncFile = (handle) => handle.datasync();

/** The name compaction writes before renaming over the journal; a leftover one is from an interrupted compaction. */
export function replacementPathFor(file: string): string {
  return `${file}.compacting`;
}

/** Writes `bytes` at `position`, looping over short writes (which POSIX permits, e.g. on a signal or a full disk). */
export async function writeFully(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    if (bytesWritten === 0) throw new Error('write made no progress');
    written += bytesWritten;
  }
}

/** Makes a rename or a file creation in `directory` durable: without it a crash can undo the directory entry. */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Large rewrites are written in pieces of about this size: one buffer per record would mean one syscall per record. */
const WRITE_CHUNK_BYTES = 4 * 1024 * 1024;

export interface ReplacedFile {
  /** Open for reading and writing on the new file (which now has the target's name). */
  readonly handle: FileHandle;
  readonly sizeBytes: number;
}

/**
 * Replaces `target` with a file holding `pieces` concatenated, so that after a crash at any moment the name holds
 * either the old content or the whole new content: write a sibling file (same directory, so the rename cannot cross
 * file systems), sync it, rename it over the target, sync the directory.
 *
 * Failures up to and including the rename leave the old file untouched (the partial sibling is removed) and are reported as
 * `ReplaceNotStarted`; a failure after the rename leaves the on-disk state uncertain and is rethrown as is.
 */
export async function replaceFileAtomically(
  target: string,
  pieces: readonly Buffer[],
  syncFile: SyncFile,
): Promise<ReplacedFile> {
  const sibling = replacementPathFor(target);
  let handle: FileHandle | undefined;
  let sizeBytes = 0;
  try {
    // Histories carry customers' contacts and message bodies: the journal is its owner's alone, whatever the umask.
    handle = await open(sibling, 'w+', JOURNAL_FILE_MODE);
    await handle.chmod(JOURNAL_FILE_MODE);
    for (const chunk of chunked(pieces)) {
      await writeFully(handle, chunk, sizeBytes);
      sizeBytes += chunk.length;
    }
    await syncFile(handle);
    await rename(sibling, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(sibling).catch(() => undefined);
    throw new ReplaceNotStarted(error);
  }
  try {
    await syncDirectory(path.dirname(target));
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  return { handle, sizeBytes };
}

function* chunked(pieces: readonly Buffer[]): Generator<Buffer> {
  let chunk: Buffer[] = [];
  let chunkBytes = 0;
  for (const piece of pieces) {
    chunk.push(piece);
    chunkBytes += piece.length;
    if (chunkBytes >= WRITE_CHUNK_BYTES) {
      yield Buffer.concat(chunk, chunkBytes);
      chunk = [];
      chunkBytes = 0;
    }
  }
  if (chunkBytes > 0) yield Buffer.concat(chunk, chunkBytes);
}

/** The replacement failed before the rename took effect: the target still holds its old content, whole. */
export class ReplaceNotStarted extends Error {
  constructor(override readonly cause: unknown) {
    super(`could not write the replacement file: ${messageOf(cause)}`);
    this.name = 'ReplaceNotStarted';
  }
}
