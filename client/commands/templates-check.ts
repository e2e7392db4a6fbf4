import type { Command } from 'commander';
import { checkTemplates } from '../../domain/templates/check';
import { CATALOGS } from '../../templates';
import { configFor } from '../context';
import { EXIT } from '../exit-codes';

export function register(program: Command): void {
  const templates = program.command('templates').description('message copy');
  templates
    .command('check')
    .description('check every purpose and locale: variables, SMS segment budget, reply options, pressure wording')
    .option('--json', 'print the report as JSON')
    .action((options: { json?: boolean }, command: Command) => {
      const segmentBudget = configFor(command).channels.sms.segmentBudget;
      const report = checkTemplates(CATALOGS, { segmentBudget });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        const name = (r: { purpose: string; variant?: string }) => `${r.purpose}${r.variant ? `/${r.variant}` : ''}`;
        for (const row of report.sms) {
          process.stdout.write(
            `${row.locale.padEnd(6)} ${name(row).padEnd(40)} ${row.segments} SMS segment(s), ${row.units} ${row.encoding}\n`,
          );
        }
        for (const p of report.problems) process.stderr.write(`problem: ${p.locale} ${name(p)}: ${p.message}\n`);
        const verdict = report.problems.length === 0 ? 'templates OK' : `${report.problems.length} problem(s)`;
        process.stdout.write(`${verdict} (segment budget ${segmentBudget})\n`);
      }
      if (report.problems.length > 0) process.exitCode = EXIT.failure;
    });
}
