import { type Command, Option } from 'commander';
import { configFor } from '../context';
import { EXIT } from '../exit-codes';
import { palette } from '../output/colour';
import { processTerminal } from '../output/terminal';
import { localZone } from '../output/time';
import type * as RunOutbox from '../outbox/run-outbox';
import type * as Sources from '../outbox/sources';
import { positiveInteger } from '../parse-options';

interface OutboxOptions {
  readonly follow?: boolean;
  readonly json?: boolean;
  readonly limit: string;
  readonly customer?: string;
  readonly source: Sources.SourceChoice;
  readonly interval: string;
}

export function register(program: Command): void {
  program
    .command('outbox')
    .description('list messages (sent, refused, failed) newest last, contacts masked; --follow for new ones')
    .option('-f, --follow', 'keep printing new messages until Ctrl-C')
    .option('--json', 'one JSON object per message and line')
    .option('--limit <n>', 'how many of the newest messages to list first', '50')
    .option('--customer <id>', "only this customer's messages")
    .addOption(
      new Option('--source <source>', 'database (every decision, with status), files (development outbox), or auto')
        .choices(['auto', 'database', 'files'])
        .default('auto'),
    )
    .option('--interval <ms>', 'how often --follow looks for new messages', '1000')
    .action(async (options: OutboxOptions, command: Command) => {
      const limit = positiveInteger('--limit', options.limit);
      const intervalMs = positiveInteger('--interval', options.interval);
      const config = configFor(command);
      const terminal = processTerminal();
      // Loaded on use: the database driver and the outbox directory code, which --help needs not.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { openOutboxSource, UnsupportedQueryError } = require('../outbox/sources') as typeof Sources;
      const { runOutbox } = require('../outbox/run-outbox') as typeof RunOutbox;
      /* eslint-enable @typescript-eslint/no-require-imports */
      const source = await openOutboxSource(config, options.source, (line) => terminal.err.write(`${line}\n`));
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      if (options.follow) for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, onSignal);
      try {
        await runOutbox(
          source,
          {
            limit,
            json: options.json === true,
            ...(options.customer === undefined ? {} : { customerId: options.customer }),
            ...(options.follow ? { follow: { intervalMs, signal: stop.signal } } : {}),
          },
          terminal,
          { style: palette(terminal.colour), zone: localZone() },
        );
      } catch (err) {
        if (!(err instanceof UnsupportedQueryError)) throw err;
        terminal.err.write(`notify: ${err.message}\n`);
        process.exitCode = EXIT.usage;
      } finally {
        for (const s of ['SIGINT', 'SIGTERM'] as const) process.removeListener(s, onSignal);
        await source.close();
      }
    });
}
