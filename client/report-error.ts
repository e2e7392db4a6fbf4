import { CommanderError } from 'commander';
import { ConfigError } from '../config/config';
import { EXIT } from './exit-codes';
import { UsageError } from './parse-options';
import { MissingIngestSecretError } from '../worker/service-secret';

/**
 * What a command's failure becomes: one line on stderr (commander prints its own usage errors) and an exit code.
 * Operators get a clear message, not a stack trace; NOTIFY_DEBUG=1 shows the trace for developers.
 */
export function reportError(err: unknown, writeErr: (text: string) => void, debug: boolean): number {
  if (err instanceof CommanderError) {
    const benign = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code);
    return benign ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof UsageError) {
    writeErr(`notify: ${err.message} (run with --help for usage)\n`);
    return EXIT.usage;
  }
  writeErr(`notify: ${err instanceof Error ? err.message : String(err)}\n`);
  if (debug && err instanceof Error) writeErr(`${err.stack}\n`);
  return err instanceof ConfigError || err instanceof MissingIngestSecretError ? EXIT.config : EXIT.failure;
}
