import type { Command } from 'commander';
import type * as Operations from '../campaign/operations';
import type { CampaignOperationsContext } from '../campaign/operations';
import { configFor } from '../context';
import { EXIT } from '../exit-codes';
import { palette, type Palette } from '../output/colour';
import { processTerminal, type Terminal } from '../output/terminal';
import { localZone } from '../output/time';
import type * as Context from './context';

export type CampaignOperations = typeof Operations;

/** What a campaign subcommand's body gets: the operations, their context, and where to print. */
export interface CampaignCommandDeps {
  readonly ops: CampaignOperations;
  readonly ctx: CampaignOperationsContext;
  readonly terminal: Terminal;
  readonly style: Palette;
  readonly zone: string;
  /** Aborted by Ctrl-C, for the commands that wait (`status --watch`). */
  readonly signal: AbortSignal;
}

/**
 * The shell every campaign subcommand runs in: configuration, database (and Temporal when `needs.temporal`) or the
 * running `notify start` holding it, the operations loaded on use, and operator errors (unknown id, invalid definition) as one line with an exit code.
 * The body returns the exit code.
 */
export async function runCampaignCommand(
  command: Command,
  needs: { readonly temporal: boolean; readonly waits?: boolean },
  body: (deps: CampaignCommandDeps) => Promise<number>,
): Promise<void> {
  const config = configFor(command);
  const terminal = processTerminal();
  // Loaded on use: the operations pull in the database, templates and the Temporal client.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const ops = require('../campaign/operations') as CampaignOperations;
  const { withCampaignBackend } = require('./context') as typeof Context;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  // Only a command that waits turns Ctrl-C into a clean stop; the others keep Node's default (exit at once).
  if (needs.waits) for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, onSignal);
  try {
    process.exitCode = await withCampaignBackend(config, needs, ops, (backend, ctx) =>
      body({ ops: backend, ctx, terminal, style: palette(terminal.colour), zone: localZone(), signal: stop.signal }),
    );
  } catch (err) {
    if (!(err instanceof ops.CampaignOperationError)) throw err;
    terminal.err.write(`notify: ${err.message}\n`);
    process.exitCode = exitCodeOf(err.code);
  } finally {
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.removeListener(s, onSignal);
  }
}

/** An invalid definition is the operator's input at fault (as a usage error); the rest are failures. */
export function exitCodeOf(code: Operations.CampaignOperationError['code']): number {
  return code === 'invalid_definition' ? EXIT.usage : EXIT.failure;
}
