import { readFile, unlink, writeFile } from 'node:fs/promises';
import { messageOf } from './error-message';

/**
 * Keeps a second process from opening a journal that one is already writing: two writers would each append at their
 * own idea of the end, and one's recovery could cut off the other's in-flight (soon acknowledged) record as a torn
 * tail. Node has no flock(), so this is a lock file beside the journal holding the owner's pid and the kernel's boot
 * id; a lock whose process is gone (kill -9) or that was written before a reboot is stale and taken over.
 *
 * It does not tell two openings within one process apart (a test restarting a server in-process opens the file
 * again under the same pid), and a pid reused by an unrelated process within one boot reads as a live owner: the
 * error then names the lock file to delete. Two processes taking over the same stale lock at the same instant could
 * both proceed; the lock guards against the common mistake (a second `notify start` on one data directory), not that.
 */
export interface SingleWriterLock {
  release(): Promise<void>;
}

const BOOT_ID_FILE = '/proc/sys/kernel/random/boot_id';

export async function acquireSingleWriterLock(journalFile: string): Promise<SingleWriterLock> {
  const lockFile = `${journalFile}.lock`;
  const bootId = await currentBootId();
  const content = `${process.pid}\n${bootId}\n`;
  try {
    await writeFile(lockFile, content, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new Error(`${journalFile}: cannot open the journal: ${messageOf(error)}`, { cause: error });
    }
    const owner = parseOwner(await readFile(lockFile, 'utf8').catch(() => ''));
    if (owner && owner.pid !== process.pid && owner.bootId === bootId && isRunning(owner.pid)) {
      throw new Error(
        `${journalFile} is in use by process ${owner.pid}; stop it first (or, if that process is not temporal-lite, ` +
          `delete ${lockFile})`,
        { cause: error },
      );
    }
    await writeFile(lockFile, content); // stale (its owner is gone) or our own: take it over
  }
  return {
    release: async () => {
      // Only our own: after a takeover by a process that judged us dead, the lock is no longer ours to remove.
      const owner = parseOwner(await readFile(lockFile, 'utf8').catch(() => ''));
      if (owner?.pid === process.pid) await unlink(lockFile).catch(() => undefined);
    },
  };
}

function parseOwner(content: string): { pid: number; bootId: string } | undefined {
  const [pidText, bootId = ''] = content.split('\n');
  const pid = Number(pidText);
  return Number.isInteger(pid) && pid > 0 ? { pid, bootId } : undefined;
}

/** The kernel's id for this boot on Linux; elsewhere empty, and only the pid check applies. */
async function currentBootId(): Promise<string> {
  return (await readFile(BOOT_ID_FILE, 'utf8').catch(() => '')).trim();
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
