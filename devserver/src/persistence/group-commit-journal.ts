import { type FileHandle } from 'node:fs/promises';
import { ReplaceNotStarted, type SyncFile, replaceFileAtomically, writeFully } from './atomic-replace';
import type { Journal } from './journal';
import { encodeHeader, encodeRecord } from './record-framing';
import { messageOf } from './error-message';

interface Settle {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Work for the single writer, in call order: appends, compactions and the final close never overlap or reorder. */
type Operation =
  | ({ readonly kind: 'append'; readonly frame: Buffer } & Settle)
  | ({ readonly kind: 'rewrite'; readonly pieces: readonly Buffer[] } & Settle)
  | ({ readonly kind: 'close' } & Settle);

type AppendOperation = Extract<Operation, { kind: 'append' }>;

const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/** Raised by every append after a write or sync failed: what reached the disk is unknown, so nothing more may follow. */
export class JournalFailedError extends Error {
  constructor(override readonly cause: unknown) {
    super(`journal write failed, no further records accepted: ${messageOf(cause)}`);
    this.name = 'JournalFailedError';
  }
}

/**
 * A journal file with one writer and group commit: every append queued before the writer next wakes up, and every
 * append queued while it writes and syncs, goes out in one write followed by one sync, and all of their promises
 * settle together. Under load the cost of a sync is shared by every request that arrived during the previous one;
 * alone, a record waits for just its own write and sync.
 */
export class GroupCommitJournal implements Journal {
  private readonly queue: Operation[] = [];
  private writerActive = false;
  private failure: JournalFailedError | undefined;
  private closeRequested = false;
  private closed: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private handle: FileHandle,
    private size: number,
    private readonly syncFile: SyncFile,
    /** Runs once the file is closed: releases what the opener holds for it (the single-writer lock). */
    private readonly afterClose: () => Promise<void> = () => Promise.resolve(),
  ) {}

  get sizeBytes(): number {
    return this.size;
  }

  // async so that a refusal or an oversized record becomes a rejection; the body up to enqueue() still runs
  // synchronously, so records keep the order of the calls.
  async append(record: Buffer): Promise<void> {
    this.throwIfRefusing();
    const frame = encodeRecord(record);
    return this.enqueue((settle) => ({ kind: 'append', frame, ...settle }));
  }

  async rewrite(records: readonly Buffer[]): Promise<void> {
    this.throwIfRefusing();
    // Framed (copied) now: the caller may reuse its buffers at once, and an oversized record fails this call alone.
    const pieces = [encodeHeader(), ...records.map(encodeRecord)];
    return this.enqueue((settle) => ({ kind: 'rewrite', pieces, ...settle }));
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closeRequested = true;
      this.closed = this.enqueue((settle) => ({ kind: 'close', ...settle }));
    }
    return this.closed;
  }

  private throwIfRefusing(): void {
    if (this.failure) throw this.failure;
    if (this.closeRequested) throw new Error('journal is closed');
  }

  private enqueue(operation: (settle: Settle) => Operation): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push(operation({ resolve, reject }));
      if (this.writerActive) return;
      this.writerActive = true;
      // setImmediate, not a microtask: it runs after the rest of this event-loop turn, so every append made while
      // handling the requests that arrived together (and their promise continuations) joins the same write.
      setImmediate(() => void this.runWriter());
    });
  }

  private async runWriter(): Promise<void> {
    for (let next = this.queue[0]; next !== undefined; next = this.queue[0]) {
      if (next.kind === 'append') {
        await this.commit(this.takeAppends());
      } else if (next.kind === 'rewrite') {
        this.queue.shift();
        await this.replaceWith(next.pieces, next);
      } else {
        this.queue.shift();
        await this.closeFile(next);
      }
    }
    this.writerActive = false;
  }

  /**
   * The appends at the head of the queue, up to the next rewrite or close, that share one write: at least one, and
   * no more than MAX_BATCH_BYTES beyond it, which bounds the copy a burst of large records makes.
   */
  private takeAppends(): AppendOperation[] {
    let count = 0;
    let bytes = 0;
    for (let next = this.queue[0]; next?.kind === 'append'; next = this.queue[count]) {
      if (count > 0 && bytes + next.frame.length > MAX_BATCH_BYTES) break;
      bytes += next.frame.length;
      count++;
    }
    return this.queue.splice(0, count) as AppendOperation[];
  }

  private async commit(batch: readonly AppendOperation[]): Promise<void> {
    if (this.failure) {
      for (const append of batch) append.reject(this.failure);
      return;
    }
    try {
      const bytes = Buffer.concat(batch.map((append) => append.frame));
      await writeFully(this.handle, bytes, this.size);
      this.size += bytes.length;
      await this.syncFile(this.handle);
    } catch (error) {
      this.failure = new JournalFailedError(error);
      for (const append of batch) append.reject(this.failure);
      return;
    }
    for (const append of batch) append.resolve();
  }

  private async replaceWith(pieces: readonly Buffer[], settle: Settle): Promise<void> {
    if (this.failure) return settle.reject(this.failure);
    try {
      const replaced = await replaceFileAtomically(this.file, pieces, this.syncFile);
      const previous = this.handle;
      this.handle = replaced.handle;
      this.size = replaced.sizeBytes;
      // The old inode is unlinked by the rename; closing its descriptor frees it. Nothing depends on this succeeding.
      await previous.close().catch(() => undefined);
      settle.resolve();
    } catch (error) {
      // Before the rename the old file is intact and appending to it can go on; after it, the state is uncertain.
      if (!(error instanceof ReplaceNotStarted)) this.failure = new JournalFailedError(error);
      settle.reject(error);
    }
  }

  private async closeFile(settle: Settle): Promise<void> {
    try {
      await this.handle.close();
      await this.afterClose();
      settle.resolve();
    } catch (error) {
      settle.reject(error);
    }
  }
}
