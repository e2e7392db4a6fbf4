import type { Command } from 'commander';
import { runCampaignCommand } from '../../campaign-cli/run-command';
import { EXIT } from '../../exit-codes';
import { writeJson } from '../../output/json';

export function register(campaign: Command): void {
  campaign
    .command('start')
    .argument('<id>', 'campaign id')
    .description('start sending a stored campaign; running it again never starts a second run or resends')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      await runCampaignCommand(command, { temporal: true }, async ({ ops, ctx, terminal, style }) => {
        const result = await ops.startCampaign(ctx, id);
        if (options.json) writeJson(terminal.out, result);
        else if (result.started) {
          terminal.out.write(
            `${style.green('started')} ${result.workflowId}; follow it with: notify campaign status ${id} --watch\n`,
          );
        } else terminal.out.write(`${result.workflowId} was already started; nothing new was started\n`);
        return EXIT.ok;
      });
    });
}
