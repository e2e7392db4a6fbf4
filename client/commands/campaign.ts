import type { Command } from 'commander';
import { commandGroup } from '../command-group';
import { register as cancelPauseResume } from './campaign/signal';
import { register as create } from './campaign/create';
import { register as list } from './campaign/list';
import { register as start } from './campaign/start';
import { register as status } from './campaign/status';

/** `notify campaign …`: one file per subcommand under campaign/ (pause, resume and cancel share one). */
export function register(program: Command): void {
  const campaign = commandGroup(
    program,
    'campaign',
    'campaigns: create (or dry-run), start, pause, resume, cancel, watch',
  );
  create(campaign);
  start(campaign);
  cancelPauseResume(campaign);
  status(campaign);
  list(campaign);
}
