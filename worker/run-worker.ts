import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Config } from '../config/config';
import { createNotifyWorker } from './create-worker';
import { buildDependencies } from './dependencies';
import { registerSearchAttributes } from './search-attributes';

/** The production worker process: configuration → dependencies → Temporal worker, until SIGINT or SIGTERM. */
export async function runWorker(config: Config, log: (line: string) => void): Promise<void> {
  const { address, namespace, taskQueue } = config.temporal;
  const client = await Connection.connect({ address });
  const connection = await NativeConnection.connect({ address });
  const dependencies = await buildDependencies(config);
  try {
    await registerSearchAttributes(client, namespace);
    const worker = await createNotifyWorker({
      connection,
      namespace,
      taskQueue,
      activities: createActivities(dependencies.deps),
    });
    log(
      `notify worker: Temporal ${address} (${namespace}/${taskQueue}), database ${dependencies.database.location}, ` +
        `SMS via ${dependencies.channels.chosen.sms}, email via ${dependencies.channels.chosen.email}`,
    );
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
    await worker.run();
  } finally {
    await dependencies.close();
    await connection.close();
    await client.close();
  }
}
