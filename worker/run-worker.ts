import type { Connection } from '@temporalio/client';
import { Runtime, type Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Config } from '../config/config';
import { createNotifyWorker } from './create-worker';
import { buildDependencies, type Dependencies } from './dependencies';
import { registerSearchAttributes } from './search-attributes';
import { scrubbingRuntimeLogger } from './scrubbing-logger';
import { connectClient, connectNative } from '../temporal/connect';
import { describeConnection } from '../temporal/describe-connection';
import { describeSecretOrigin, type ServiceConfig } from './service-secret';

export interface OpenWorker {
  readonly worker: Worker;
  readonly dependencies: Dependencies;
  /** A client connection (search attributes, and the API when it runs in the same process). */
  readonly client: Connection;
  readonly close: () => Promise<void>;
}

/** Configuration → connections, dependencies (database, channels) and the Temporal worker, not yet running. */
export async function openWorker(config: Config): Promise<OpenWorker> {
  const { namespace, taskQueue } = config.temporal;
  const client = await connectClient(config.temporal);
  const connection = await connectNative(config.temporal).catch(async (err: unknown) => {
    await client.close();
    throw err;
  });
  const dependencies = await buildDependencies(config);
  const close = async () => {
    await dependencies.close();
    await connection.close();
    await client.close();
  };
  try {
    await registerSearchAttributes(client, namespace);
    const activities = createActivities(dependencies.deps);
    const worker = await createNotifyWorker({ connection, namespace, taskQueue, activities });
    return { worker, dependencies, client, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The production worker process: runs until SIGINT or SIGTERM. */
export async function runWorker({ config, secretOrigin }: ServiceConfig, log: (line: string) => void): Promise<void> {
  // Before anything creates the runtime: its lines (worker, workflows, activities) go out scrubbed of contacts.
  Runtime.install({ logger: scrubbingRuntimeLogger('INFO') });
  const { worker, dependencies, close } = await openWorker(config);
  try {
    const { namespace, taskQueue } = config.temporal;
    log(
      `notify worker: Temporal ${describeConnection(config.temporal)} ${namespace}/${taskQueue}, database ${dependencies.database.location}, ` +
        `SMS via ${dependencies.channels.chosen.sms}, email via ${dependencies.channels.chosen.email}`,
    );
    const secretNote = describeSecretOrigin(secretOrigin);
    if (secretNote) log(`notify worker: ${secretNote}`);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
    await worker.run();
  } finally {
    await close();
  }
}
