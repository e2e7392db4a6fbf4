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
  readonly reveal?: boolean;
}

/** Said on stderr whenever contacts are shown in full, so a pasted terminal or a saved file carries the warning. */
export const REVEAL_NOTE = "contacts are shown in full (--reveal): customers' personal data, handle with care";

export function register(program: Command): void {
  program
    .command('outbox')
    .description(
      'list messages (sent, refused, failed) newest last, contacts masked (--reveal: in full); --follow for new ones',
    )
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
    .option('--reveal', 'show phone numbers and email addresses in full (says so on stderr)')
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
      const contacts = options.reveal ? 'revealed' : 'masked';
      if (contacts === 'revealed') terminal.err.write(`notify: ${REVEAL_NOTE}\n`);
      const source = await openOutboxSource(
        config,
        options.source,
        (line) => terminal.err.write(`${line}\n`),
        contacts,
      );
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
