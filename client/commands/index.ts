import type { Command } from 'commander';

/** Each command lives in its own file and plugs in here. */
export function registerCommands(_program: Command): void {}
