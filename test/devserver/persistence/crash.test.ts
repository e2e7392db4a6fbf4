import { stat } from 'node:fs/promises';
import { openJournal } from '../../../devserver/src/persistence/journal';
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

describe('journal under kill -9', () => {
  const paths = useJournalDirectory();

  it('keeps every acknowledged append, in order, with no gaps, across repeated kills', async () => {
    const random = seededRandom(SEED);
    for (let round = 0; round < ROUNDS; round++) {
      const killAfterMs = 30 + Math.floor(random() * 400);
      const acknowledged = (await runChildUntilKilled('append', paths.file(), killAfterMs)).map(Number);
      const { records } = await reopen(paths.file());
      const context = `round ${round}, seed ${SEED}, killed after ${killAfterMs} ms`;

      const numbers = records.map(recordNumber);
      expect({ context, gaps: numbers.filter((number, index) => number !== index).slice(0, 5) }).toEqual({
        context,
        gaps: [],
      });
      expect({ context, acknowledged: acknowledged.length > 0 }).toEqual({ context, acknowledged: true });
      // Records after the last acknowledged one may be there (written, not yet acknowledged at the kill); none before
      // it may be missing.
      expect({ context, covered: records.length > Math.max(...acknowledged) }).toEqual({ context, covered: true });
    }
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
