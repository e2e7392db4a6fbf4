import type { Command } from 'commander';
import type * as Embedded from '../../worker/embedded/start';
import { serviceConfigFor } from '../context';

export function register(program: Command): void {
  program
    .command('start')
    .description(
      'the embedded default: configured Temporal (else temporal CLI, else temporal-lite), database, worker and HTTP API',
    )
    .action(async (_options: unknown, command: Command) => {
      const service = serviceConfigFor(command);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startEmbedded } = require('../../worker/embedded/start') as typeof Embedded;
      await startEmbedded(service, (line) => process.stderr.write(`${line}\n`));
    });
}
