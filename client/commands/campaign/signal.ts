import type { Command } from 'commander';
import { runCampaignCommand } from '../../campaign-cli/run-command';
import { EXIT } from '../../exit-codes';

type SignalOperation = 'pauseCampaign' | 'resumeCampaign' | 'cancelCampaign';

/** pause, resume and cancel: the same shape, one signal each, so they share this file. */
const SIGNALS: readonly { name: string; operation: SignalOperation; description: string; effect: string }[] = [
  {
    name: 'pause',
    operation: 'pauseCampaign',
    description: 'pause sending (takes effect between batches); resume continues where it stopped',
    effect: 'pauses after the batch in flight',
  },
  {
    name: 'resume',
    operation: 'resumeCampaign',
    description: 'resume a paused campaign',
    effect: 'resumes sending',
  },
  {
    name: 'cancel',
    operation: 'cancelCampaign',
    description: 'stop for good: nobody not yet messaged will be',
    effect: 'stops for good after the batch in flight',
  },
];

export function register(campaign: Command): void {
  for (const signal of SIGNALS) {
    campaign
      .command(signal.name)
      .argument('<id>', 'campaign id')
      .description(signal.description)
      .action(async (id: string, _options: unknown, command: Command) => {
        await runCampaignCommand(command, { temporal: true }, async ({ ops, ctx, terminal }) => {
          await ops[signal.operation](ctx, id);
          terminal.out.write(`${signal.name} sent: campaign ${id} ${signal.effect}\n`);
          return EXIT.ok;
        });
      });
  }
}
