import type { Command } from 'commander';
import type * as Simulation from '../../worker/simulation/run-simulation';
import type * as Timeline from '../../worker/simulation/timeline';
import type * as Trace from '../../worker/simulation/trace';
import { configFor } from '../context';

export function register(program: Command): void {
  program
    .command('simulate')
    .description('run an event trace through the real workflows on temporal-lite with time skipping')
    .requiredOption('--trace <file>', 'JSONL trace: events (architecture.md 6.1) plus `at` and sms.inbound lines')
    .option('--json', 'print one JSON object per line (shared/fixtures/traces/README.md) instead of a timeline')
    .option('--until <iso>', 'stop at this instant (default: 30 days after the last event)')
    .action(async (options: { trace: string; json?: boolean; until?: string }, command: Command) => {
      const config = configFor(command);
      const until = options.until === undefined ? undefined : Date.parse(options.until);
      if (until !== undefined && Number.isNaN(until))
        throw new Error(`--until: not an ISO-8601 time: ${options.until}`);
      // Loaded on use: the simulator starts temporal-lite, a worker and a database.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { readTrace } = require('../../worker/simulation/trace') as typeof Trace;
      const { runSimulation } = require('../../worker/simulation/run-simulation') as typeof Simulation;
      const { formatTimeline } = require('../../worker/simulation/timeline') as typeof Timeline;
      /* eslint-enable @typescript-eslint/no-require-imports */
      const steps = await readTrace(options.trace);
      const entries = await runSimulation(config, steps, until === undefined ? {} : { until });
      const text = options.json ? entries.map((e) => JSON.stringify(e)).join('\n') : formatTimeline(entries);
      process.stdout.write(`${text}\n`);
    });
}
