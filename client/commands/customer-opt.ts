import { type Command, Option } from 'commander';
import { commandGroup } from '../command-group';
import { configFor } from '../context';
import type * as OptChange from '../customers/opt-change';
import type * as RemoteOptChange from '../customers/remote-opt-change';
import { renderOptStates } from '../customers/opt-view';
import { EXIT } from '../exit-codes';
import { palette } from '../output/colour';
import { writeJson } from '../output/json';
import { processTerminal, type Terminal } from '../output/terminal';
import { localZone } from '../output/time';
import type * as ServiceLink from '../service-link';

interface OptOptions {
  readonly channel?: 'sms' | 'email';
  readonly reason?: string;
  readonly json?: boolean;
}

export function register(program: Command): void {
  const customer = commandGroup(program, 'customer', 'customers: opt-outs and opt-ins');
  for (const change of ['opt_out', 'opt_in'] as const) {
    customer
      .command(change === 'opt_out' ? 'optout' : 'optin')
      .argument('<customerId>', 'the customer id')
      .description(
        change === 'opt_out'
          ? "opt the customer's phone and/or email out of every message (recorded in the consent ledger, source cli)"
          : "opt the customer's phone and/or email back in (recorded in the consent ledger, source cli)",
      )
      .addOption(
        new Option('--channel <channel>', 'only this channel (default: every channel with an address)').choices([
          'sms',
          'email',
        ]),
      )
      .option('--reason <text>', 'why, for the ledger (e.g. "asked by phone, call 2026-03-01")')
      .option('--json', 'print the resulting state as JSON')
      .action(async (customerId: string, options: OptOptions, command: Command) => {
        const config = configFor(command);
        const terminal = processTerminal();
        // Loaded on use: the database driver, which --help needs not.
        /* eslint-disable @typescript-eslint/no-require-imports */
        const { withDatabaseOrService } = require('../service-link') as typeof ServiceLink;
        const { changeCustomerOpt, OptChangeError } = require('../customers/opt-change') as typeof OptChange;
        const { changeCustomerOptViaService } = require('../customers/remote-opt-change') as typeof RemoteOptChange;
        /* eslint-enable @typescript-eslint/no-require-imports */
        const request = { customerId, change, channel: options.channel, reason: options.reason };
        try {
          // While `notify start` holds embedded PGlite, the change is made by that process, through its API.
          const states = await withDatabaseOrService(
            config,
            ({ db }) => changeCustomerOpt(db, { ...request, at: new Date() }),
            (link) => changeCustomerOptViaService(link, request),
          );
          printOptStates(terminal, customerId, states, options.json === true);
          process.exitCode = EXIT.ok;
        } catch (err) {
          if (!(err instanceof OptChangeError)) throw err;
          terminal.err.write(`notify: ${err.message}\n`);
          process.exitCode = EXIT.failure;
        }
      });
  }
}

function printOptStates(
  terminal: Terminal,
  customerId: string,
  states: readonly OptChange.ChannelOptState[],
  json: boolean,
): void {
  if (json) writeJson(terminal.out, { customerId, channels: states });
  else terminal.out.write(renderOptStates(customerId, states, palette(terminal.colour), localZone()));
}
