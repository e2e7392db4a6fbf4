import { Command } from 'commander';
import { registerCommands } from './commands';

/**
 * The `notify` program; tests build it too and parse argv arrays against it. Commander throws instead of exiting
 * (exitOverride), so the entry point alone decides the process's exit code.
 */
export function buildProgram(): Command {
  const program = new Command('notify')
    .description('notify: proactive after-sales notifications on Temporal')
    .option('-c, --config <file>', 'configuration file (default: temporal.yaml, or $NOTIFY_CONFIG)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerCommands(program);
  return program;
}
