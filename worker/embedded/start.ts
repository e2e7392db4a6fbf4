import path from 'node:path';
import type { Config } from '../../config/config';
import { runWorker } from '../run-worker';
import { chooseTemporal } from './temporal-server';

/**
 * `notify start` (`npm start`): everything on this machine with nothing to sign up for. Temporal is chosen (or
 * started), then the worker runs with the database and channels the configuration selects, until Ctrl-C.
 */
export async function startEmbedded(config: Config, log: (line: string) => void): Promise<void> {
  const { address, namespace } = config.temporal;
  const temporal = await chooseTemporal(address, namespace, path.resolve(config.database.dataDir));
  try {
    log(`notify: ${temporal.description}`);
    await runWorker(config, log);
  } finally {
    await temporal.stop();
  }
}
