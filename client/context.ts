import type { Command } from 'commander';
import type { Config } from '../config/config';
import { loadConfig } from '../config/load';
import { resolveServiceSecret, type ServiceConfig } from '../worker/service-secret';

export interface GlobalOptions {
  readonly config?: string;
}

/** Loads the configuration once for a command, honouring the global `--config` option. */
export function configFor(command: Command): Config {
  const { config } = command.optsWithGlobals<GlobalOptions>();
  return loadConfig({ file: config });
}

/**
 * Configuration for the commands that run the service (worker, api, start): the ingest secret settled once, here,
 * or the command refused (NODE_ENV=production without NOTIFY_INGEST_SECRET) before anything starts.
 */
export function serviceConfigFor(command: Command): ServiceConfig {
  return resolveServiceSecret(configFor(command), command.name(), process.env);
}
