/**
 * temporal-lite journal micro-benchmark: append throughput of ~1 KB records with group commit and fdatasync, under 1
 * and 64 concurrent appenders (each waits for its append before the next, as an RPC handler does), against the same
 * journal with the sync skipped, in the same run and on the same file system.
 *
 *   node --require tsx/cjs bench/journal.ts -- [--seconds 3] [--record-bytes 1024] [--dir DIR]
 *
 * The directory defaults to os.tmpdir(); point --dir at the disk that will hold the data (a tmpfs makes syncs free).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type SyncFile, openJournal } from '../devserver/src/persistence/journal';

interface Figures {
  readonly recordsPerSecond: number;
  readonly recordsPerSync: number;
}

async function measure(
  file: string,
  appenders: number,
  seconds: number,
  record: Buffer,
  sync: boolean,
): Promise<Figures> {
  let syncs = 0;
  const syncFile: SyncFile = (handle) => {
    syncs++;
    return sync ? handle.datasync() : Promise.resolve();
  };
  const { journal } = await openJournal(file, { syncFile });
  syncs = 0;
  let appended = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: appenders }, async () => {
      while (performance.now() < deadline) {
        await journal.append(record);
        appended++;
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  await journal.close();
  await rm(file);
  return { recordsPerSecond: appended / elapsedSeconds, recordsPerSync: appended / syncs };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((argument) => argument !== '--'),
    options: {
      seconds: { type: 'string', default: '3' },
      'record-bytes': { type: 'string', default: '1024' },
      dir: { type: 'string', default: tmpdir() },
    },
  });
  const seconds = Number(values.seconds);
  const record = Buffer.alloc(Number(values['record-bytes']), 'r');
  const directory = await mkdtemp(path.join(values.dir, 'journal-bench-'));
  const file = path.join(directory, 'temporal.db');
  const lines = [`journal append throughput, ${record.length}-byte records, ${seconds} s per run, in ${directory}`];
  try {
    for (const appenders of [1, 64]) {
      const unsynced = await measure(file, appenders, seconds, record, false);
      const synced = await measure(file, appenders, seconds, record, true);
      lines.push(
        `${String(appenders).padStart(2)} appender(s): group commit + fdatasync ${synced.recordsPerSecond.toFixed(0)} records/s ` +
          `(${synced.recordsPerSync.toFixed(1)} records per sync), unsynced ${unsynced.recordsPerSecond.toFixed(0)} records/s ` +
          `(${unsynced.recordsPerSync.toFixed(1)} per write): synced/unsynced ${(synced.recordsPerSecond / unsynced.recordsPerSecond).toFixed(3)}`,
      );
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
