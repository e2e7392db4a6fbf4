import type { Command } from 'commander';

/**
 * The parent of a family of subcommands (`order show`, `campaign start`): found if another file registered it
 * already, else created, so each subcommand file plugs in on its own.
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}
