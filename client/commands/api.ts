import type { Command } from 'commander';
import type * as RunApi from '../../api/run-api';
import { serviceConfigFor } from '../context';

export function register(program: Command): void {
  program
    .command('api')
    .description(
      'run the HTTP API (events, Twilio webhooks, reply links, health, metrics) against the configured Temporal',
    )
    .action(async (_options: unknown, command: Command) => {
      const service = serviceConfigFor(command);
      // Loaded on use: the API pulls in fastify, the Temporal client and the database, which --help needs not.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runApi } = require('../../api/run-api') as typeof RunApi;
      await runApi(service, (line) => process.stderr.write(`${line}\n`));
    });
}
