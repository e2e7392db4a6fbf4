/**
 * A child process for the crash tests: it writes to a journal as fast as it can and prints an acknowledgement line
 * for each record only after its append (or rewrite) resolved, until the parent kills it with SIGKILL.
 *
 *   node --require tsx/cjs journal-child.ts append|compact FILE
 *
 * Stdout is a pipe, and pipe writes are synchronous on Linux: a printed line means the promise had resolved.
 */
import { openJournal } from '../../../../devserver/src/persistence/journal';
import { appendRecord, paddedRecord, parseCompactionRecord, snapshotRecord } from './journal-child-records';

const LANES = 32;
const APPENDS_PER_GENERATION = 20;

async function appendNumbered(file: string): Promise<void> {
  const { journal, records } = await openJournal(file);
  let next = records.length; // the parent checks that the records are 0..n-1
  process.stdout.write('ready\n');
  // Several lanes keep appends in flight at once, so kills land inside shared (group-committed) writes too.
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      for (;;) {
        const number = next++;
        await journal.append(paddedRecord(number));
        process.stdout.write(`${number}\n`);
      }
    }),
  );
}

async function compactInALoop(file: string): Promise<void> {
  const { journal, records } = await openJournal(file);
  const first = records[0];
  let generation = first ? parseCompactionRecord(first).generation + 1 : 0;
  process.stdout.write('ready\n');
  for (;;) {
    const current = generation;
    const count = 100 + ((current * 37) % 400);
    const snapshot = Array.from({ length: count }, (_, index) => snapshotRecord(current, index, count));
    const work = [journal.rewrite(snapshot).then(() => process.stdout.write(`compacted ${current}\n`))];
    // Queued while the rewrite is in progress: they must land after the compacted records.
    for (let index = 0; index < APPENDS_PER_GENERATION; index++) {
      work.push(
        journal.append(appendRecord(current, index)).then(() => process.stdout.write(`appended ${current} ${index}\n`)),
      );
    }
    await Promise.all(work);
    generation++;
  }
}

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== 'append' && mode !== 'compact')) {
  process.stderr.write('usage: journal-child.ts append|compact FILE\n');
  process.exit(2);
}
// A guard in case the parent dies without killing us.
setTimeout(() => process.exit(3), 60_000).unref();
(mode === 'append' ? appendNumbered(file) : compactInALoop(file)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
