import type { Command } from 'commander';
import { register as api } from './api';
import { register as campaign } from './campaign';
import { register as configCheck } from './config-check';
import { register as customerOpt } from './customer-opt';
import { register as eventsSend } from './events-send';
import { register as migrate } from './migrate';
import { register as orderShow } from './order-show';
import { register as outbox } from './outbox';
import { register as simulate } from './simulate';
import { register as start } from './start';
import { register as templatesCheck } from './templates-check';
import { register as ticketShow } from './ticket-show';
import { register as worker } from './worker';

/** Each command lives in its own file and plugs in here. */
export function registerCommands(program: Command): void {
  api(program);
  campaign(program);
  configCheck(program);
  customerOpt(program);
  eventsSend(program);
  migrate(program);
  orderShow(program);
  outbox(program);
  simulate(program);
  start(program);
  templatesCheck(program);
  ticketShow(program);
  worker(program);
}
