import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type SyncFile, openJournal } from '../../../devserver/src/persistence/journal';
import { recover, text, useJournalDirectory } from './helpers/journal-files';

const records = (...values: string[]): Buffer[] => values.map((value) => Buffer.from(value));

describe('journal compaction', () => {
  const paths = useJournalDirectory();

  it('replaces the file with the compacted records and appends after them', async () => {
    const { journal } = await openJournal(paths.file());
    await Promise.all(records('a1', 'a2', 'a3', 'a4').map((record) => journal.append(record)));
    const sizeBefore = journal.sizeBytes;
    await journal.rewrite(records('snapshot'));
    expect(journal.sizeBytes).toBeLessThan(sizeBefore);
    await journal.append(Buffer.from('b1'));
    await journal.append(Buffer.from('b2'));
    expect((await stat(paths.file())).size).toBe(journal.sizeBytes);
    await journal.close();

    const recovered = await recover(paths.file());
    expect(text(recovered.records)).toEqual(['snapshot', 'b1', 'b2']);
    expect(recovered.droppedBytes).toBe(0);
    expect(await readdir(paths.directory())).toEqual([path.basename(paths.file())]);
  });

  it('keeps the journal private (0600) when created and when compacted, whatever the umask', async () => {
    const previous = process.umask(0o000);
    try {
      const { journal } = await openJournal(paths.file());
      expect((await stat(paths.file())).mode & 0o777).toBe(0o600);
      await journal.append(Buffer.from('a1'));
      await journal.rewrite(records('snapshot'));
      expect((await stat(paths.file())).mode & 0o777).toBe(0o600);
      await journal.close();
    } finally {
      process.umask(previous);
    }
  });

  it('keeps call order: appends before the rewrite are superseded, appends queued during it land after it', async () => {
    const { journal } = await openJournal(paths.file());
    await journal.append(Buffer.from('old'));
    const settled = await Promise.allSettled([
      journal.append(Buffer.from('queued before')),
      journal.rewrite(records('snapshot 1', 'snapshot 2')),
      journal.append(Buffer.from('queued during 1')),
      journal.append(Buffer.from('queued during 2')),
    ]);
    expect(settled.every((result) => result.status === 'fulfilled')).toBe(true);
    await journal.close();
    expect(text((await recover(paths.file())).records)).toEqual([
      'snapshot 1',
      'snapshot 2',
      'queued during 1',
      'queued during 2',
    ]);
  });

  it('compacts to nothing, and twice in a row', async () => {
    const { journal } = await openJournal(paths.file());
    await journal.append(Buffer.from('x'));
    await journal.rewrite([]);
    await journal.rewrite(records('y'));
    await journal.append(Buffer.from('z'));
    await journal.close();
    expect(text((await recover(paths.file())).records)).toEqual(['y', 'z']);
  });

  it('ignores and removes the replacement file of an interrupted compaction', async () => {
    const { journal } = await openJournal(paths.file());
    await journal.append(Buffer.from('whole'));
    await journal.close();
    await writeFile(`${paths.file()}.compacting`, 'half-written replacement');

    expect(text((await recover(paths.file())).records)).toEqual(['whole']);
    expect(await readdir(paths.directory())).toEqual([path.basename(paths.file())]);
  });

  it('keeps the old file and goes on appending to it when the rewrite fails before the rename', async () => {
    let failNext = false;
    const flakySync: SyncFile = (handle) => {
      if (!failNext) return handle.datasync();
      failNext = false;
      return Promise.reject(new Error('ENOSPC: simulated'));
    };
    const { journal } = await openJournal(paths.file(), { syncFile: flakySync });
    await journal.append(Buffer.from('before'));
    failNext = true;
    await expect(journal.rewrite(records('never visible'))).rejects.toThrow(/could not write the replacement file/);
    await journal.append(Buffer.from('after'));
    await journal.close();

    expect(text((await recover(paths.file())).records)).toEqual(['before', 'after']);
    expect(await readdir(paths.directory())).toEqual([path.basename(paths.file())]);
  });

  it('copies the records at the call, and refuses an oversized one without touching the file', async () => {
    const { journal } = await openJournal(paths.file());
    await journal.append(Buffer.from('kept'));
    await expect(journal.rewrite([Buffer.from('ok'), Buffer.alloc(64 * 1024 * 1024 + 1)])).rejects.toThrow(RangeError);
    const reused = Buffer.from('snapshot');
    const rewriting = journal.rewrite([reused]);
    reused.write('SCRIBBLE');
    await rewriting;
    await journal.close();
    expect(text((await recover(paths.file())).records)).toEqual(['snapshot']);
  });

  it('rewrites many records larger than one write chunk', async () => {
    const big = Array.from({ length: 300 }, (_, index) => Buffer.alloc(20_000, index % 256));
    const { journal } = await openJournal(paths.file());
    await journal.rewrite(big);
    await journal.append(Buffer.from('tail'));
    await journal.close();
    const recovered = await recover(paths.file());
    expect(recovered.records).toHaveLength(301);
    // Buffer.equals: jest's deep equality walks 6 MB byte by byte, for seconds.
    expect(recovered.records.slice(0, 300).every((record, index) => record.equals(big[index]!))).toBe(true);
    expect(recovered.records[300]?.toString()).toBe('tail');
  });
});
