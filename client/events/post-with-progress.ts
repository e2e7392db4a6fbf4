import type { JsonlLine, LineReport, PostEventsOptions } from '../../api/client/post-events';
import type { Progress } from '../output/progress';

/**
 * A large import, batch by batch, reporting each batch to `progress` (the bar `events send` shows on a terminal).
 * The same requests `postEvents` makes on its own; only the reporting is added.
 */
export async function postEventsWithProgress(
  postEvents: (options: PostEventsOptions, lines: readonly JsonlLine[]) => Promise<LineReport[]>,
  options: PostEventsOptions,
  lines: readonly JsonlLine[],
  progress: Progress,
): Promise<LineReport[]> {
  const reports: LineReport[] = [];
  for (let start = 0; start < lines.length; start += options.batchSize) {
    reports.push(...(await postEvents(options, lines.slice(start, start + options.batchSize))));
    const rejected = reports.filter((r) => r.status === 'rejected').length;
    progress.update(reports.length, lines.length, rejected > 0 ? `${rejected} rejected` : undefined);
  }
  progress.finish();
  return reports;
}
