import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openJournal } from '../../../devserver/src/persistence/journal';
import { recover, text, useJournalDirectory } from './helpers/journal-files';

const bootId = async (): Promise<string> =>
  (await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => '')).trim();

/** The pid of a process that has come and gone: what a lock left by a kill -9 holds. */
function pidOfAnEndedProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve(child.pid!));
  });
}

describe('journal single-writer lock', () => {
  const paths = useJournalDirectory();
  const lockFile = (): string => `${paths.file()}.lock`;

  it('holds FILE.lock while open and removes it on close', async () => {
    const { journal } = await openJournal(paths.file());
    expect((await readFile(lockFile(), 'utf8')).split('\n')[0]).toBe(String(process.pid));
    await journal.close();
    expect(await readdir(paths.directory())).toEqual([path.basename(paths.file())]);
  });

  it('refuses the journal while another running process holds the lock, and leaves both files alone', async () => {
    await writeFile(paths.file(), ''); // an empty file would otherwise be initialised
    const holder = `${process.ppid}\n${await bootId()}\n`;
    await writeFile(lockFile(), holder);
    await expect(openJournal(paths.file())).rejects.toThrow(`is in use by process ${process.ppid}`);
    expect(await readFile(lockFile(), 'utf8')).toBe(holder);
    expect(await readFile(paths.file(), 'utf8')).toBe('');
  });

  it('takes over a lock whose process is gone, or that was written before a reboot', async () => {
    await writeFile(lockFile(), `${await pidOfAnEndedProcess()}\n${await bootId()}\n`);
    const first = await openJournal(paths.file());
    await first.journal.append(Buffer.from('after a kill -9'));
    await first.journal.close();

    await writeFile(lockFile(), `${process.ppid}\nan-earlier-boot\n`);
    expect(text((await recover(paths.file())).records)).toEqual(['after a kill -9']);
    expect(await readdir(paths.directory())).toEqual([path.basename(paths.file())]);
  });
});
