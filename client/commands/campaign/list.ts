import type { Command } from 'commander';
import { renderCampaignList } from '../../campaign-cli/list-view';
import { runCampaignCommand } from '../../campaign-cli/run-command';
import { EXIT } from '../../exit-codes';
import { writeJson } from '../../output/json';

export function register(campaign: Command): void {
  campaign
    .command('list')
    .description('every stored campaign, newest first, with recipients pending, sent, skipped and failed')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await runCampaignCommand(command, { temporal: false }, async ({ ops, ctx, terminal, style, zone }) => {
        const campaigns = await ops.listCampaigns(ctx);
        if (options.json) writeJson(terminal.out, campaigns);
        else if (campaigns.length === 0) terminal.err.write('no campaigns yet: notify campaign create --help\n');
        else terminal.out.write(renderCampaignList(campaigns, { style, zone }));
        return EXIT.ok;
      });
    });
}
