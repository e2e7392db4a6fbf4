import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { isLoopback } from '../../api/exposure';
import { ConfigError } from '../../config/config';
import { makePrivateDirectory } from '../../security/private-paths';

export interface TemporalChoice {
  /** What the banner says: where Temporal came from. */
  readonly description: string;
  stop(): Promise<void>;
}

const TEMPORAL_LITE = path.join(__dirname, '..', '..', 'devserver', 'bin', 'temporal-lite');

/**
 * Architecture.md 9: the configured Temporal when it answers; else a `temporal` CLI on the PATH (`server start-dev`,
 * with its web UI); else temporal-lite from devserver/, in real time. Either server is started on the configured port,
 * and only on a loopback address: a development server has no authentication, and whoever reaches it can read every
 * workflow's history (contacts, message bodies) and signal any journey. `configSource` names the file for the error.
 */
export async function chooseTemporal(
  address: string,
  namespace: string,
  dataDir: string,
  configSource: string,
): Promise<TemporalChoice> {
  if (await reachable(address, 1500)) return { description: `Temporal at ${address}`, stop: () => Promise.resolve() };
  const colon = address.lastIndexOf(':');
  const [host, port] = [address.slice(0, colon).replace(/^\[|\]$/g, ''), address.slice(colon + 1)];
  if (!isLoopback(host)) {
    throw new ConfigError(configSource, [
      {
        path: 'temporal.address',
        message:
          'no Temporal answers there, and notify start only starts its development server on loopback ' +
          '(127.0.0.1, ::1 or localhost): point TEMPORAL_ADDRESS at a running Temporal, or at a loopback address',
        value: address,
      },
    ]);
  }
  // The same flag and file for either server, as the Temporal CLI names it: journeys, SLA timers and check-ins
  // survive a restart of `notify start` whichever one runs.
  const stateFile = path.join(dataDir, 'temporal.db');
  makePrivateDirectory(dataDir);
  const cli = spawnSync('temporal', ['--version'], { encoding: 'utf8' });
  const useCli = cli.status === 0;
  const child = useCli
    ? spawn(
        'temporal',
        [
          'server',
          'start-dev',
          '--ip',
          host,
          '--port',
          port,
          '--namespace',
          namespace,
          '--db-filename',
          stateFile,
          '--log-level',
          'warn',
        ],
        { stdio: 'ignore' },
      )
    : spawn(
        TEMPORAL_LITE,
        ['server', 'start-dev', '--ip', host, '--port', port, '--namespace', namespace, '--db-filename', stateFile],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (!(await waitUntilReachable(address, child, 20_000))) {
    child.kill('SIGKILL');
    throw new Error(`could not start ${useCli ? 'the temporal CLI dev server' : 'temporal-lite'} on ${address}`);
  }
  return {
    description: useCli
      ? `temporal CLI dev server on ${address} (web UI on port 8233, state in ${stateFile})`
      : `temporal-lite on ${address} (state in ${stateFile})`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function reachable(address: string, timeoutMs: number): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

async function waitUntilReachable(address: string, child: ChildProcess, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await reachable(address, 1000)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}
