import type { Command } from 'commander';
import { register as api } from './api';
import { register as configCheck } from './config-check';
import { register as eventsSend } from './events-send';
import { register as migrate } from './migrate';
import { register as simulate } from './simulate';
import { register as start } from './start';
import { register as templatesCheck } from './templates-check';
import { register as worker } from './worker';

/** Each command lives in its own file and plugs in here. */
export function registerCommands(program: Command): void {
  api(program);
  configCheck(program);
  eventsSend(program);
  migrate(program);
  simulate(program);
  start(program);
  templatesCheck(program);
  worker(program);
}
