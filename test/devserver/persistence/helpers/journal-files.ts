import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RecoveredJournal, openJournal } from '../../../../devserver/src/persistence/journal';

/** A fresh directory per test, removed afterwards; returns the journal path inside it. */
export function useJournalDirectory(): { readonly file: () => string; readonly directory: () => string } {
  let directory = '';
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'journal-test-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });
  return { file: () => path.join(directory, 'temporal.db'), directory: () => directory };
}

export const text = (records: readonly Buffer[]): string[] => records.map((record) => record.toString('utf8'));

/** Opens, reads the records, closes: what a restarted server would recover. */
export async function recover(file: string): Promise<Omit<RecoveredJournal, 'journal'>> {
  const { journal, records, droppedBytes } = await openJournal(file);
  await journal.close();
  return { records, droppedBytes };
}

/** Appends each text as a record, all queued at once, and waits for them. */
export async function appendAll(file: string, texts: readonly string[]): Promise<void> {
  const { journal } = await openJournal(file);
  await Promise.all(texts.map((value) => journal.append(Buffer.from(value, 'utf8'))));
  await journal.close();
}
