import type { Command } from 'commander';
import type { CampaignProgress } from '../../../workflows/campaign/contract';
import { doneOf, isFinished, progressDetail, renderProgress } from '../../campaign-cli/progress-view';
import { type CampaignCommandDeps, runCampaignCommand } from '../../campaign-cli/run-command';
import { EXIT } from '../../exit-codes';
import { writeJson, writeJsonLine } from '../../output/json';
import { progressBar } from '../../output/progress';
import { positiveInteger } from '../../parse-options';
import { abortableDelay } from '../../output/abortable-delay';

interface StatusOptions {
  readonly watch?: boolean;
  readonly json?: boolean;
  readonly interval: string;
}

export function register(campaign: Command): void {
  campaign
    .command('status')
    .argument('<id>', 'campaign id')
    .description("a campaign's progress: sent, skipped by reason, failed, pending, pace; --watch until it ends")
    .option('-w, --watch', 'keep watching (a progress bar on a terminal) until the campaign ends or Ctrl-C')
    .option('--json', 'print the progress as JSON (with --watch, one object per line)')
    .option('--interval <ms>', 'how often --watch asks', '1000')
    .action(async (id: string, options: StatusOptions, command: Command) => {
      const intervalMs = positiveInteger('--interval', options.interval);
      await runCampaignCommand(command, { temporal: true, waits: options.watch === true }, (deps) =>
        options.watch
          ? watchStatus(id, { json: options.json === true, intervalMs }, deps)
          : showStatus(id, options.json === true, deps),
      );
    });
}

async function showStatus(id: string, json: boolean, deps: CampaignCommandDeps): Promise<number> {
  const progress = await deps.ops.campaignStatus(deps.ctx, id);
  if (json) writeJson(deps.terminal.out, progress);
  else deps.terminal.out.write(renderProgress(progress, deps));
  return EXIT.ok;
}

/**
 * Polls the progress query until the campaign completes or is cancelled, or until Ctrl-C (which stops watching,
 * not the campaign). A progress bar on a terminal, plain lines elsewhere, JSON lines with --json.
 */
export async function watchStatus(
  id: string,
  options: { readonly json: boolean; readonly intervalMs: number; readonly wait?: (ms: number) => Promise<void> },
  deps: CampaignCommandDeps,
): Promise<number> {
  const wait = options.wait ?? ((ms: number) => abortableDelay(ms, deps.signal));
  const bar = progressBar(deps.terminal.out, { label: `campaign ${id}`, style: deps.style });
  let last: CampaignProgress | undefined;
  while (!deps.signal.aborted) {
    last = await deps.ops.campaignStatus(deps.ctx, id);
    if (options.json) writeJsonLine(deps.terminal.out, last);
    else {
      const { done, total } = doneOf(last);
      bar.update(done, total, progressDetail(last));
    }
    if (isFinished(last)) break;
    await wait(options.intervalMs);
  }
  if (!options.json && last) {
    bar.finish(progressDetail(last));
    if (isFinished(last)) deps.terminal.out.write(renderProgress(last, deps));
    else deps.terminal.err.write('stopped watching; the campaign goes on\n');
  }
  return EXIT.ok;
}
