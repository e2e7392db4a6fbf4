import { type FileHandle } from 'node:fs/promises';
import { JournalFailedError, type SyncFile, openJournal } from '../../../devserver/src/persistence/journal';
import { recover, text, useJournalDirectory } from './helpers/journal-files';

/** Counts syncs and otherwise does the real one. */
function countingSync(): { readonly syncFile: SyncFile; readonly count: () => number } {
  let syncs = 0;
  return {
    syncFile: (handle: FileHandle) => {
      syncs++;
      return handle.datasync();
    },
    count: () => syncs,
  };
}

const numbered = (count: number, prefix = 'record'): string[] =>
  Array.from({ length: count }, (_, index) => `${prefix} ${index}`);

describe('journal group commit', () => {
  const paths = useJournalDirectory();

  it('writes 1,000 appends queued in one turn with a single sync, in call order', async () => {
    const sync = countingSync();
    const { journal } = await openJournal(paths.file(), { syncFile: sync.syncFile });
    const before = sync.count();
    const values = numbered(1000);
    await Promise.all(values.map((value) => journal.append(Buffer.from(value))));
    expect(sync.count() - before).toBe(1);
    await journal.close();
    expect(text((await recover(paths.file())).records)).toEqual(values);
  });

  it('shares syncs among 64 appenders that each wait for their previous record', async () => {
    const sync = countingSync();
    const { journal } = await openJournal(paths.file(), { syncFile: sync.syncFile });
    const before = sync.count();
    const appenders = 64;
    const perAppender = 16;
    await Promise.all(
      Array.from({ length: appenders }, async (_, appender) => {
        for (let index = 0; index < perAppender; index++) {
          await journal.append(Buffer.from(`appender ${appender} record ${index}`));
        }
      }),
    );
    const syncs = sync.count() - before;
    expect(syncs).toBeGreaterThanOrEqual(perAppender);
    expect(syncs).toBeLessThanOrEqual((appenders * perAppender) / 16);
    await journal.close();

    const recovered = text((await recover(paths.file())).records);
    expect(recovered).toHaveLength(appenders * perAppender);
    for (let appender = 0; appender < appenders; appender++) {
      const own = recovered.filter((value) => value.startsWith(`appender ${appender} `));
      expect(own).toEqual(numbered(perAppender, `appender ${appender} record`));
    }
  });

  it('splits a burst bigger than one batch (16 MiB) into several writes, in order', async () => {
    const sync = countingSync();
    const { journal } = await openJournal(paths.file(), { syncFile: sync.syncFile });
    const before = sync.count();
    const megabyte = (index: number): Buffer => Buffer.alloc(1024 * 1024, index);
    await Promise.all(Array.from({ length: 40 }, (_, index) => journal.append(megabyte(index))));
    expect(sync.count() - before).toBe(3);
    await journal.close();
    const { records } = await recover(paths.file());
    expect(records.map((record) => record[0])).toEqual(Array.from({ length: 40 }, (_, index) => index));
  });

  it('resolves an append only after its sync, and batches what arrives during a sync into the next one', async () => {
    let releaseSync: () => void = () => undefined;
    let syncs = 0;
    const gatedSync: SyncFile = async (handle) => {
      syncs++;
      await new Promise<void>((release) => (releaseSync = release));
      await handle.datasync();
    };
    // Creating the file syncs once through the seam too; let that one through.
    const opening = openJournal(paths.file(), { syncFile: gatedSync });
    await waitFor(() => syncs === 1);
    releaseSync();
    const { journal } = await opening;

    const settled: string[] = [];
    const first = journal.append(Buffer.from('first')).then(() => settled.push('first'));
    await waitFor(() => syncs === 2);
    const later = ['second', 'third', 'fourth'].map((value) =>
      journal.append(Buffer.from(value)).then(() => settled.push(value)),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toEqual([]); // nothing is acknowledged while its sync is still running
    releaseSync();
    await first;
    await waitFor(() => syncs === 3);
    expect(settled).toEqual(['first']);
    releaseSync();
    await Promise.all(later);
    expect(settled).toEqual(['first', 'second', 'third', 'fourth']);
    expect(syncs).toBe(3);

    await journal.close();
    expect(text((await recover(paths.file())).records)).toEqual(['first', 'second', 'third', 'fourth']);
  });

  it('stops after a failed sync: that batch, the queued records and every later append reject', async () => {
    let failNext = false;
    const failingSync: SyncFile = (handle) => {
      if (failNext) return Promise.reject(new Error('EIO: simulated sync failure'));
      return handle.datasync();
    };
    const { journal } = await openJournal(paths.file(), { syncFile: failingSync });
    await journal.append(Buffer.from('durable'));

    failNext = true;
    const batch = [journal.append(Buffer.from('lost 1')), journal.append(Buffer.from('lost 2'))];
    await expect(batch[0]).rejects.toThrow(JournalFailedError);
    await expect(batch[1]).rejects.toThrow(/simulated sync failure/);
    failNext = false;
    await expect(journal.append(Buffer.from('refused'))).rejects.toThrow(JournalFailedError);
    await expect(journal.rewrite([])).rejects.toThrow(JournalFailedError);
    await journal.close();

    expect(text((await recover(paths.file())).records)[0]).toBe('durable');
  });

  it('finishes queued appends before close, and refuses appends after it', async () => {
    const { journal } = await openJournal(paths.file());
    const appends = numbered(10).map((value) => journal.append(Buffer.from(value)));
    const closing = journal.close();
    await expect(journal.append(Buffer.from('too late'))).rejects.toThrow(/closed/);
    await Promise.all([...appends, closing]);
    await expect(journal.close()).resolves.toBeUndefined();
    expect(text((await recover(paths.file())).records)).toEqual(numbered(10));
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
