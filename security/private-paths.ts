import { chmodSync, mkdirSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The data directory holds customers' contacts and messages (embedded PGlite, the development outbox) and the
 * development secret: none of it is anyone else's to read on a shared machine. Directories are 0700 and files 0600,
 * set with an explicit chmod, since a creation mode only ever loses bits to the umask (a 0000 umask would leave
 * 0777 directories if the mode were not given, and an odd one like 0277 would leave a file its owner cannot write).
 */
export const PRIVATE_DIRECTORY_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export interface PrivateDirectoryOptions {
  /** Also make `directory` 0700 when it already exists: for directories notify owns outright (outbox, pglite). */
  readonly tightenExisting?: boolean;
}

/** `mkdir -p`, every directory it creates 0700. */
export function makePrivateDirectory(directory: string, options: PrivateDirectoryOptions = {}): void {
  const target = path.resolve(directory);
  const first = mkdirSync(target, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  for (const created of createdBetween(first, target)) chmodSync(created, PRIVATE_DIRECTORY_MODE);
  if (first === undefined && options.tightenExisting) chmodSync(target, PRIVATE_DIRECTORY_MODE);
}

/** The same, for code on the event loop (the outbox sinks write from activities). */
export async function makePrivateDirectoryAsync(
  directory: string,
  options: PrivateDirectoryOptions = {},
): Promise<void> {
  const target = path.resolve(directory);
  const first = await mkdir(target, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  for (const created of createdBetween(first, target)) await chmod(created, PRIVATE_DIRECTORY_MODE);
  if (first === undefined && options.tightenExisting) await chmod(target, PRIVATE_DIRECTORY_MODE);
}

/** `mkdir` answers with the first directory it created; it created that one and each below it down to `target`. */
function createdBetween(first: string | undefined, target: string): string[] {
  if (first === undefined) return [];
  const top = path.resolve(first);
  const created = [target];
  for (let at = target; at !== top && path.dirname(at) !== at;) {
    at = path.dirname(at);
    created.push(at);
  }
  return created;
}
