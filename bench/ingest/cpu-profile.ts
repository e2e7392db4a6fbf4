import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/** Records a V8 CPU profile of this process (the API and worker) around `work`, for `--profile FILE`. */
export async function profiled<T>(file: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
  }
}
