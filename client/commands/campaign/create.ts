import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { CreateResult } from '../../campaign/operations';
import { type DefinitionOptions, definitionFromOptions } from '../../campaign-cli/definition-options';
import { renderPreview } from '../../campaign-cli/preview-view';
import { type CampaignCommandDeps, runCampaignCommand } from '../../campaign-cli/run-command';
import { EXIT } from '../../exit-codes';
import { writeJson } from '../../output/json';
import { formatInstant } from '../../output/time';

export interface CreateOptions extends DefinitionOptions {
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

const collect = (value: string, previous: readonly string[] | undefined): string[] => [...(previous ?? []), value];

export function register(campaign: Command): void {
  campaign
    .command('create')
    .description('store a campaign (idempotent by id), or with --dry-run show who would get what, and the cost')
    .option('--file <def.json>', 'the whole definition as JSON (id, name, audience, variants, holdoutShare, …)')
    .option('--id <id>', 'campaign id (default: derived from --name); the same id never sends twice')
    .option('--name <name>', 'what operators call it')
    .option('--template <key>', 'one variant A using this campaign template key (guide_push, delay_apology, survey)')
    .option('--variant <name:weight:key>', 'a variant for an A/B test, repeatable, e.g. A:1:guide_push', collect)
    .option('--holdout <share>', 'share of the audience kept as a control group and never messaged, e.g. 0.1')
    .addOption(
      new Option('--channel <channel>', "force a channel (default: each customer's usual one)").choices([
        'sms',
        'email',
      ]),
    )
    .addOption(
      new Option('--class <class>', 'message class: send window and frequency cap (default marketing)').choices([
        'marketing',
        'service',
        'transactional',
      ]),
    )
    .option('--starts-at <iso>', 'send nothing before this time (ISO-8601 with offset)')
    .option('--rate <n>', 'messages per second at most (what the SMS provider allows)')
    .option('--sku <sku>', 'audience: bought this SKU (repeatable, or comma-separated)', collect)
    .option('--category <category>', 'audience: bought from this category (repeatable)', collect)
    .option('--delivered-from <iso>', 'audience: a shipment delivered at or after this time')
    .option('--delivered-to <iso>', 'audience: … and before this time')
    .option('--carrier <carrier>', 'audience: shipped by this carrier (repeatable)', collect)
    .option('--locale <locale>', 'audience: customer locale, e.g. zh-CN (repeatable)', collect)
    .option('--customers-csv <file>', 'audience: customer ids in the first column of a CSV file')
    .option('--orders-csv <file>', 'audience: the customers of the order ids in the first column of a CSV file')
    .option('--dry-run', 'store and send nothing: print audience, hold-out, samples per variant and locale, SMS cost')
    .option('--json', 'print the result as JSON')
    .action(async (options: CreateOptions, command: Command) => {
      // The command line is checked before anything is opened: a typo costs nothing.
      const input = definitionFromOptions(options, (file) => readFileSync(file, 'utf8'));
      await runCampaignCommand(command, { temporal: false }, async (deps) => {
        const result = await deps.ops.createCampaign(deps.ctx, input, { dryRun: options.dryRun === true });
        printCreateResult(result, options.json === true, deps);
        return EXIT.ok;
      });
    });
}

export function printCreateResult(
  result: CreateResult,
  json: boolean,
  deps: Pick<CampaignCommandDeps, 'terminal' | 'style' | 'zone' | 'ctx'>,
): void {
  const { terminal, style } = deps;
  if (result.dryRun) {
    if (json) writeJson(terminal.out, { dryRun: true, definition: result.definition, preview: result.preview });
    else {
      terminal.out.write(
        renderPreview(result.definition, result.preview, {
          style,
          segmentBudget: deps.ctx.config.channels.sms.segmentBudget,
        }),
      );
    }
    return;
  }
  const { row, definition, created } = result;
  if (json) {
    writeJson(terminal.out, { dryRun: false, created, id: row.id, status: row.status, definition });
    return;
  }
  terminal.out.write(
    created
      ? `${style.green('stored')} campaign ${row.id} (${row.name}), status ${row.status}; ` +
          `start it with: notify campaign start ${row.id}\n`
      : `campaign ${row.id} was already stored on ${formatInstant(row.created_at, deps.zone)}, status ${row.status}; ` +
          'the stored definition stands (a new id makes a new campaign)\n',
  );
}
