import { CommanderError } from 'commander';
import { ConfigError } from '../config/config';
import { EXIT } from './exit-codes';
import { buildProgram } from './program';

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    if (err instanceof CommanderError) {
      // Commander has already printed the help or the usage error.
      const benign = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code);
      process.exitCode = benign ? EXIT.ok : EXIT.usage;
      return;
    }
    // Operators get a clear message, not a stack trace; NOTIFY_DEBUG=1 shows the trace for developers.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`notify: ${message}\n`);
    if (process.env.NOTIFY_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = err instanceof ConfigError ? EXIT.config : EXIT.failure;
  });
