import type { Command } from 'commander';
import { register as configCheck } from './config-check';
import { register as templatesCheck } from './templates-check';

/** Each command lives in its own file and plugs in here. */
export function registerCommands(program: Command): void {
  configCheck(program);
  templatesCheck(program);
}
