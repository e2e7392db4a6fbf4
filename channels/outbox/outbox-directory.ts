import { createHash, randomUUID } from 'node:crypto';
import { chmod, link, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makePrivateDirectoryAsync, PRIVATE_DIRECTORY_MODE, PRIVATE_FILE_MODE } from '../../security/private-paths';
import type { ChannelName } from '../channel-error';

/** One message as the development outbox stores it: a JSON file a person can open. */
export interface OutboxRecord<TMessage = unknown> {
  readonly channel: ChannelName;
  readonly idempotencyKey: string;
  readonly providerMessageId: string;
  /** ISO-8601 time the message was first written. */
  readonly createdAt: string;
  /** Name of the file under the outbox directory. */
  readonly file: string;
  readonly message: TMessage;
}

/**
 * The development outbox: `<dataDir>/outbox/<timestamp>-<channel>-<key>.json`, one file per notification key.
 *
 * Writing a key twice keeps the first file, even across processes: each record is claimed by hard-linking a fully
 * written temporary file to `.keys/<channel>-<key>.json`, which fails atomically when the key already has one, and
 * only then gets its timestamped name (the same file under a second name).
 *
 * The files hold phone numbers, email addresses and message bodies: directories are 0700 and files 0600, and an
 * outbox written before that (or loosened by hand) is tightened the first time an instance touches it.
 */
export class OutboxDirectory {
  readonly directory: string;
  private readonly keysDirectory: string;
  private tightening: Promise<void> | undefined;

  constructor(
    dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.directory = join(dataDir, 'outbox');
    this.keysDirectory = join(this.directory, '.keys');
  }

  /** Stores the message unless the key already has one; returns the stored record and whether this call wrote it. */
  async writeOnce<TMessage>(
    channel: ChannelName,
    idempotencyKey: string,
    providerMessageId: string,
    message: TMessage,
  ): Promise<{ record: OutboxRecord<TMessage>; created: boolean }> {
    await this.tightenOnce();
    // Creates the data directory and the outbox too when missing, all 0700.
    await makePrivateDirectoryAsync(this.keysDirectory);
    const existing = await this.find<TMessage>(channel, idempotencyKey);
    if (existing) return { record: existing, created: false };

    const createdAt = this.now();
    const file = `${fileTimestamp(createdAt)}-${channel}-${safeKey(idempotencyKey)}.json`;
    const record: OutboxRecord<TMessage> = {
      channel,
      idempotencyKey,
      providerMessageId,
      createdAt: createdAt.toISOString(),
      file,
      message,
    };
    const temporary = join(this.keysDirectory, `.tmp-${randomUUID()}`);
    await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
    await chmod(temporary, PRIVATE_FILE_MODE); // the umask may have taken bits the owner needs
    try {
      await link(temporary, this.keyPath(channel, idempotencyKey));
    } catch (error) {
      await unlink(temporary);
      if (!isCode(error, 'EEXIST')) throw error;
      const winner = await this.find<TMessage>(channel, idempotencyKey);
      if (!winner) throw error;
      return { record: winner, created: false };
    }
    await rename(temporary, join(this.directory, file));
    return { record, created: true };
  }

  async find<TMessage>(channel: ChannelName, idempotencyKey: string): Promise<OutboxRecord<TMessage> | undefined> {
    await this.tightenOnce();
    const record = await readRecord<TMessage>(this.keyPath(channel, idempotencyKey));
    // A crash between claiming the key and naming the file leaves the record without its visible name.
    if (record) await linkIfMissing(this.keyPath(channel, idempotencyKey), join(this.directory, record.file));
    return record;
  }

  /** Every stored message, oldest first (file names start with the time). */
  async list(): Promise<OutboxRecord[]> {
    await this.tightenOnce();
    const names = await readdir(this.directory).catch((error: unknown) => {
      if (isCode(error, 'ENOENT')) return [];
      throw error;
    });
    const files = names.filter((name) => name.endsWith('.json')).sort();
    const records = await Promise.all(files.map((name) => readRecord(join(this.directory, name))));
    return records.filter((record): record is OutboxRecord => record !== undefined);
  }

  private tightenOnce(): Promise<void> {
    this.tightening ??= tightenOutbox(this.directory, this.keysDirectory);
    return this.tightening;
  }

  private keyPath(channel: ChannelName, idempotencyKey: string): string {
    return join(this.keysDirectory, `${channel}-${safeKey(idempotencyKey)}.json`);
  }
}

/**
 * The outbox and its key directory 0700, every file in them 0600; nothing to do for an outbox not yet written. A
 * directory that is already private is left alone, files included: nobody else can reach what is in it, and a
 * 20,000-file outbox costs about 1.5 s of chmods, which the common case (an outbox this version wrote) need not pay.
 */
async function tightenOutbox(...directories: string[]): Promise<void> {
  for (const directory of directories) {
    const found = await stat(directory).catch((error: unknown) => {
      if (isCode(error, 'ENOENT')) return undefined;
      throw error;
    });
    if (!found || (found.mode & 0o077) === 0) continue;
    if (!(await chmodIfOurs(directory, PRIVATE_DIRECTORY_MODE))) continue;
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      if (entry.isFile()) await chmodIfOurs(join(directory, entry.name), PRIVATE_FILE_MODE);
    }
  }
}

/**
 * False when there is nothing to change: the path is gone (a concurrent writer renamed its temporary file), or is
 * not ours (another user's outbox we may read; its owner's process tightens it).
 */
async function chmodIfOurs(path: string, mode: number): Promise<boolean> {
  try {
    await chmod(path, mode);
    return true;
  } catch (error) {
    if (isCode(error, 'ENOENT') || isCode(error, 'EPERM')) return false;
    throw error;
  }
}

/**
 * A file-name-safe, still readable form of the key. The hash suffix keeps keys apart that differ only in characters
 * replaced here (`a/b` and `a_b`).
 */
export function safeKey(idempotencyKey: string): string {
  const readable = idempotencyKey.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 12);
  return `${readable}-${digest}`;
}

function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('.', '');
}

async function readRecord<TMessage>(path: string): Promise<OutboxRecord<TMessage> | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as OutboxRecord<TMessage>;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}

async function linkIfMissing(existing: string, path: string): Promise<void> {
  try {
    await link(existing, path);
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error;
  }
}

// Shape, not `instanceof Error`: fs errors come from Node's own realm, which differs under jest's sandbox.
function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
