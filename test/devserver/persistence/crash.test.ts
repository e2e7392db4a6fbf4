import { stat, truncate } from 'node:fs/promises';
import { openJournal } from '../../../devserver/src/persistence/journal';
import { HEADER_BYTES, RECORD_PREFIX_BYTES } from '../../../devserver/src/persistence/record-framing';
import { useJournalDirectory } from './helpers/journal-files';
import { type CompactionRecord, parseCompactionRecord, recordNumber } from './helpers/journal-child-records';
import { runChildUntilKilled, seededRandom } from './helpers/journal-child-process';

const ROUNDS = 5;
const SEED = 14;

/** Reopens the file as a restarted server would, and checks nothing is left past the recovered records. */
async function reopen(file: string): Promise<{ records: Buffer[]; droppedBytes: number }> {
  const { journal, records, droppedBytes } = await openJournal(file);
  expect((await stat(file)).size).toBe(journal.sizeBytes);
  await journal.close();
  return { records, droppedBytes };
}

describe('journal under kill -9 and power cuts', () => {
  const paths = useJournalDirectory();

  it('keeps every acknowledged append, in order, with no gaps, across repeated kills and lost unsynced tails', async () => {
    const random = seededRandom(SEED);
    let tornTails = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const killAfterMs = 30 + Math.floor(random() * 400);
      const acknowledged = (await runChildUntilKilled('append', paths.file(), killAfterMs)).map(Number);
      const lastAcknowledged = acknowledged.reduce((max, number) => Math.max(max, number), -1);
      const context = `round ${round}, seed ${SEED}, killed after ${killAfterMs} ms`;
      expect({ context, acknowledged: lastAcknowledged >= 0 }).toEqual({ context, acknowledged: true });
      const afterKill = await reopen(paths.file());
      expectNumberedFromZeroThrough(afterKill.records, lastAcknowledged, context);

      // A kill -9 leaves the page cache, so the file is whole; a power cut can also lose what was written but not yet
      // synced, tearing it anywhere. Cut the file at a random point past the last acknowledged record, as that would.
      const acknowledgedEnd = HEADER_BYTES + frameBytes(afterKill.records.slice(0, lastAcknowledged + 1));
      const fileSize = HEADER_BYTES + frameBytes(afterKill.records);
      const cut = acknowledgedEnd + Math.floor(random() * (fileSize - acknowledgedEnd + 1));
      await truncate(paths.file(), cut);
      const afterCut = await reopen(paths.file());
      expectNumberedFromZeroThrough(afterCut.records, lastAcknowledged, `${context}, cut at ${cut} of ${fileSize}`);
      if (afterCut.droppedBytes > 0) tornTails++;
    }
    expect(tornTails).toBeGreaterThan(0);
  });

  it('leaves either the old or the new file whole when killed while compacting in a loop', async () => {
    const random = seededRandom(SEED + 1);
    let compactionsSeen = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const killAfterMs = 30 + Math.floor(random() * 400);
      const acknowledgements = await runChildUntilKilled('compact', paths.file(), killAfterMs);
      const { records } = await reopen(paths.file());
      const context = `round ${round}, seed ${SEED + 1}, killed after ${killAfterMs} ms`;
      const parsed = records.map(parseCompactionRecord);
      const generation = expectOneCompactionAndItsAppends(parsed, context);

      for (const line of acknowledgements) {
        const [what, acknowledgedGeneration, index] = line.split(' ');
        if (what === 'compacted') compactionsSeen++;
        const acked = Number(acknowledgedGeneration);
        // An acknowledged compaction or append is never lost: the file is at that generation or a later one, and
        // at the same generation it holds every acknowledged append.
        expect({ context, line, atLeast: generation !== undefined && generation >= acked }).toEqual({
          context,
          line,
          atLeast: true,
        });
        if (what === 'appended' && generation === acked) {
          const appends = parsed.filter((record) => record.kind === 'append').length;
          expect({ context, line, kept: appends > Number(index) }).toEqual({ context, line, kept: true });
        }
      }
    }
    expect(compactionsSeen).toBeGreaterThan(ROUNDS);
  });
});

/**
 * The file must hold exactly one generation's snapshot, whole (indexes 0..count-1), followed only by that
 * generation's appends, numbered from 0 without gaps. Returns the generation, or undefined for an empty file.
 */
function expectOneCompactionAndItsAppends(records: CompactionRecord[], context: string): number | undefined {
  const first = records[0];
  if (first === undefined) return undefined;
  const generation = first.generation;
  const count = first.kind === 'snapshot' ? first.count : 0;
  const expected: CompactionRecord[] = [];
  for (let index = 0; index < count; index++) expected.push({ kind: 'snapshot', generation, index, count });
  for (let index = 0; index < records.length - count; index++) expected.push({ kind: 'append', generation, index });
  const shape = records.map((record) =>
    record.kind === 'snapshot'
      ? { kind: record.kind, generation: record.generation, index: record.index, count: record.count }
      : { kind: record.kind, generation: record.generation, index: record.index },
  );
  expect({ context, records: shape }).toEqual({ context, records: expected });
  return generation;
}

/** Records must be numbers 0, 1, 2… in order, through at least `lastAcknowledged` (later ones were in flight). */
function expectNumberedFromZeroThrough(records: Buffer[], lastAcknowledged: number, context: string): void {
  const numbers = records.map(recordNumber);
  const gaps = numbers.filter((number, index) => number !== index).slice(0, 5);
  expect({ context, gaps, covered: records.length > lastAcknowledged }).toEqual({ context, gaps: [], covered: true });
}

const frameBytes = (records: Buffer[]): number =>
  records.reduce((sum, record) => sum + RECORD_PREFIX_BYTES + record.length, 0);
