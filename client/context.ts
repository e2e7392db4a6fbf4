import type { Command } from 'commander';
import type { Config } from '../config/config';
import { loadConfig } from '../config/load';

export interface GlobalOptions {
  readonly config?: string;
}

/** Loads the configuration once for a command, honouring the global `--config` option. */
export function configFor(command: Command): Config {
  const { config } = command.optsWithGlobals<GlobalOptions>();
  return loadConfig({ file: config });
}
