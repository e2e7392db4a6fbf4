import { existsSync } from 'node:fs';
import path from 'node:path';
import { type NativeConnection, Worker } from '@temporalio/worker';
import type { NotifyActivities } from '../activities';

/** Where `npm run build` writes the prebuilt workflow bundle (`dist/workflow-bundle.js`, next to the compiled code). */
export const WORKFLOW_BUNDLE_PATH = path.join(__dirname, '..', 'workflow-bundle.js');

export interface NotifyWorkerOptions {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly activities: NotifyActivities;
}

/**
 * The Temporal worker for every notify workflow. Production (NODE_ENV=production) runs the prebuilt bundle; elsewhere
 * the workflows are bundled from source at start-up, which takes a couple of seconds.
 */
export function createNotifyWorker(options: NotifyWorkerOptions): Promise<Worker> {
  const prebuilt = process.env.NODE_ENV === 'production' && existsSync(WORKFLOW_BUNDLE_PATH);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(prebuilt
      ? { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } }
      : { workflowsPath: require.resolve('../workflows') }),
  });
}
