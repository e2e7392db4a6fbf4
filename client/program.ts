import { Command } from 'commander';
import { registerCommands } from './commands';

/** The `notify` program; tests build it too and parse argv arrays against it. */
export function buildProgram(): Command {
  const program = new Command('notify')
    .description('notify: proactive after-sales notifications on Temporal')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text) });
  registerCommands(program);
  return program;
}
