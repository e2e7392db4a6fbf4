import { readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { openJournal } from '../../../devserver/src/persistence/journal';
import { HEADER_BYTES, RECORD_PREFIX_BYTES } from '../../../devserver/src/persistence/record-framing';
import { appendAll, recover, text, useJournalDirectory } from './helpers/journal-files';

const framed = (value: string): number => RECORD_PREFIX_BYTES + Buffer.byteLength(value, 'utf8');

describe('journal recovery', () => {
  const paths = useJournalDirectory();

  it('creates a missing file and returns no records', async () => {
    const { journal, records, droppedBytes } = await openJournal(paths.file());
    expect(records).toEqual([]);
    expect(droppedBytes).toBe(0);
    expect(journal.sizeBytes).toBe(HEADER_BYTES);
    await journal.close();
    expect((await stat(paths.file())).size).toBe(HEADER_BYTES);
  });

  it('round-trips records, empty and binary ones included, across reopenings', async () => {
    const binary = Buffer.from([0, 255, 1, 254, 0, 0, 0, 0]);
    const first = await openJournal(paths.file());
    await first.journal.append(Buffer.from('one'));
    await Promise.all([first.journal.append(Buffer.alloc(0)), first.journal.append(binary)]);
    expect(first.journal.sizeBytes).toBe(HEADER_BYTES + framed('one') + RECORD_PREFIX_BYTES + framed('12345678'));
    await first.journal.close();

    const second = await openJournal(paths.file());
    expect(second.records).toEqual([Buffer.from('one'), Buffer.alloc(0), binary]);
    await second.journal.append(Buffer.from('four'));
    await second.journal.close();

    const third = await recover(paths.file());
    expect(text(third.records)).toEqual(['one', '', binary.toString('utf8'), 'four']);
    expect(third.droppedBytes).toBe(0);
  });

  it('drops a record torn in the middle, keeps every one before it, and appends after the cut', async () => {
    const values = ['first record', 'second record', 'the third record, torn by a crash mid-write'];
    await appendAll(paths.file(), values);
    const whole = HEADER_BYTES + values.map(framed).reduce((sum, size) => sum + size, 0);
    const tornAt = whole - Math.floor(framed(values[2]!) / 2);
    await truncate(paths.file(), tornAt);

    const recovered = await openJournal(paths.file());
    expect(text(recovered.records)).toEqual(values.slice(0, 2));
    expect(recovered.droppedBytes).toBe(tornAt - (whole - framed(values[2]!)));
    expect(recovered.droppedBytes).toBeGreaterThan(0);
    await recovered.journal.append(Buffer.from('after recovery'));
    await recovered.journal.close();

    const next = await recover(paths.file());
    expect(text(next.records)).toEqual([...values.slice(0, 2), 'after recovery']);
    expect(next.droppedBytes).toBe(0);
  });

  it('drops a tail cut inside a length prefix', async () => {
    await appendAll(paths.file(), ['kept', 'cut']);
    await truncate(paths.file(), HEADER_BYTES + framed('kept') + 3);
    const recovered = await recover(paths.file());
    expect(text(recovered.records)).toEqual(['kept']);
    expect(recovered.droppedBytes).toBe(3);
  });

  it('stops at a record whose checksum fails: it and everything after it are dropped and cut off', async () => {
    const values = ['alpha alpha', 'bravo bravo', 'charlie charlie'];
    await appendAll(paths.file(), values);
    const bytes = await readFile(paths.file());
    const middlePayload = HEADER_BYTES + framed(values[0]!) + RECORD_PREFIX_BYTES;
    bytes[middlePayload + 4]! ^= 0x01;
    await writeFile(paths.file(), bytes);

    const recovered = await openJournal(paths.file());
    expect(text(recovered.records)).toEqual(['alpha alpha']);
    expect(recovered.droppedBytes).toBe(framed(values[1]!) + framed(values[2]!));
    await recovered.journal.append(Buffer.from('delta'));
    await recovered.journal.close();
    expect(text((await recover(paths.file())).records)).toEqual(['alpha alpha', 'delta']);
  });

  it('treats a huge length prefix as a torn tail instead of allocating for it', async () => {
    await appendAll(paths.file(), ['kept', 'corrupted length']);
    const bytes = await readFile(paths.file());
    bytes.writeUInt32LE(0xfffffff0, HEADER_BYTES + framed('kept'));
    await writeFile(paths.file(), bytes);
    const recovered = await recover(paths.file());
    expect(text(recovered.records)).toEqual(['kept']);
    expect(recovered.droppedBytes).toBe(framed('corrupted length'));
  });

  it('does not read zeros left after a crash as empty records', async () => {
    await appendAll(paths.file(), ['kept']);
    const bytes = await readFile(paths.file());
    await writeFile(paths.file(), Buffer.concat([bytes, Buffer.alloc(4096)]));
    const recovered = await recover(paths.file());
    expect(text(recovered.records)).toEqual(['kept']);
    expect(recovered.droppedBytes).toBe(4096);
  });

  it('starts afresh from a header cut short while the file was being created', async () => {
    await appendAll(paths.file(), []);
    await truncate(paths.file(), 5);
    const recovered = await openJournal(paths.file());
    expect(recovered.records).toEqual([]);
    expect(recovered.droppedBytes).toBe(5);
    await recovered.journal.append(Buffer.from('first'));
    await recovered.journal.close();
    expect(text((await recover(paths.file())).records)).toEqual(['first']);
  });

  it('refuses a file that is not a journal, or of another format version, and leaves it as it was', async () => {
    await writeFile(paths.file(), 'id,name\n1,not a journal\n');
    await expect(openJournal(paths.file())).rejects.toThrow(/not a temporal-lite journal/);
    expect(await readFile(paths.file(), 'utf8')).toBe('id,name\n1,not a journal\n');

    await appendAll(`${paths.file()}.v2`, ['x']);
    const future = await readFile(`${paths.file()}.v2`);
    future.writeUInt32LE(2, 8);
    await writeFile(paths.file(), future);
    await expect(openJournal(paths.file())).rejects.toThrow(/journal format 2; this build reads journal format 1/);
    expect(await readFile(paths.file())).toEqual(future);
  });

  it('rejects a record over the size limit without disturbing the others', async () => {
    const { journal } = await openJournal(paths.file());
    const results = await Promise.allSettled([
      journal.append(Buffer.from('before')),
      journal.append(Buffer.alloc(64 * 1024 * 1024 + 1)),
      journal.append(Buffer.from('after')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await journal.close();
    expect(text((await recover(paths.file())).records)).toEqual(['before', 'after']);
  });

  it('says which file it could not open, and why', async () => {
    const missingDirectory = `${paths.directory()}/no/such/dir/temporal.db`;
    await expect(openJournal(missingDirectory)).rejects.toThrow(`${missingDirectory}: cannot open the journal: ENOENT`);
  });
});
