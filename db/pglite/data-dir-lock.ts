import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

/** Another live process (or another handle in this one) has the PGlite data directory open. */
export class DataDirInUseError extends Error {
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database at ${lockFile.replace(/\.lock$/, '')} is in use by process ${pid}; ` +
        `stop it first, or set DATABASE_URL to use Postgres (if no such process runs, delete ${lockFile})`,
    );
    this.name = 'DataDirInUseError';
  }
}

/** Lock files this process holds: a pid match alone cannot tell "ours" from "stale, and the pid was reused". */
const heldHere = new Set<string>();

/**
 * PGlite opens a data directory without any guard, and two processes writing one directory corrupt it (say,
 * `notify migrate` run while `npm start` is up). A pid file next to the directory refuses the second opener.
 * Returns the function that releases the lock.
 */
export function lockDataDir(lockFile: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      heldHere.add(lockFile);
      return () => {
        heldHere.delete(lockFile);
        rmSync(lockFile, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(lockFile);
      if (holder !== undefined && isHeld(lockFile, holder)) throw new DataDirInUseError(lockFile, holder);
      // A crashed process left it behind.
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not lock ${lockFile}: another process keeps taking it`);
}

function readHolder(lockFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockFile, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isHeld(lockFile: string, pid: number): boolean {
  if (pid === process.pid) return heldHere.has(lockFile);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
