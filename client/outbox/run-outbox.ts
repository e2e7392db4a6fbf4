import type { Palette } from '../output/colour';
import { writeJsonLine } from '../output/json';
import type { Terminal } from '../output/terminal';
import type { OutboxEntry } from './entry';
import { followOutbox } from './follow';
import { renderOutboxTable } from './render';
import type { OutboxSource } from './sources';

export interface OutboxRun {
  readonly limit: number;
  readonly customerId?: string;
  readonly json: boolean;
  /** Keep polling until `signal` aborts. */
  readonly follow?: { readonly intervalMs: number; readonly signal: AbortSignal };
}

/**
 * `notify outbox`: the newest messages, newest last, as a table or JSON lines; then, when following, new ones as
 * they come. The source is opened and closed by the caller.
 */
export async function runOutbox(
  source: OutboxSource,
  run: OutboxRun,
  terminal: Terminal,
  view: { readonly style: Palette; readonly zone: string },
): Promise<void> {
  const query = { limit: run.limit, ...(run.customerId === undefined ? {} : { customerId: run.customerId }) };
  const first = await source.list(query);
  let headerShown = false;
  const print = (entries: readonly OutboxEntry[]): void => {
    if (run.json) {
      for (const entry of entries) writeJsonLine(terminal.out, entry);
      return;
    }
    terminal.out.write(renderOutboxTable(entries, { ...view, header: !headerShown }));
    headerShown = true;
  };
  if (first.length > 0 || (!run.json && run.follow)) print(first);
  if (first.length === 0 && !run.json) terminal.err.write(`no messages in ${source.description}\n`);
  if (!run.follow) return;
  if (!run.json) terminal.err.write('following: new messages appear below; Ctrl-C stops\n');
  await followOutbox(source, first, print, {
    intervalMs: run.follow.intervalMs,
    signal: run.follow.signal,
    ...(run.customerId === undefined ? {} : { customerId: run.customerId }),
  });
}
