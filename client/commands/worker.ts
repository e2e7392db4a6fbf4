import type { Command } from 'commander';
import type * as RunWorker from '../../worker/run-worker';
import { serviceConfigFor } from '../context';

export function register(program: Command): void {
  program
    .command('worker')
    .description('run the Temporal worker: every notify workflow and activity, against the configured Temporal')
    .action(async (_options: unknown, command: Command) => {
      const service = serviceConfigFor(command);
      // Loaded on use: the worker pulls in the Temporal runtime, providers and the database, which --help needs not.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runWorker } = require('../../worker/run-worker') as typeof RunWorker;
      await runWorker(service, (line) => process.stderr.write(`${line}\n`));
    });
}
