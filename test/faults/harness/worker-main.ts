/**
 * The fault suite's worker process: `notify worker` as production wires it (configuration from the environment,
 * `buildDependencies`: the migrated database, the pooled SMTP transport, copy and policy; the real activities; the
 * notify workflows), with two test seams and nothing else changed:
 *
 * - SMS goes through the real `twilio` client to NOTIFY_FAULTS_TWILIO_URL (the Twilio fake, or the fault gate in
 *   front of it), built as `buildChannels` builds it (same timeout) plus `TwilioSmsSender`'s `baseUrl` option, which
 *   the configuration has no setting for;
 * - workflows come from the prebuilt bundle at NOTIFY_FAULTS_WORKFLOW_BUNDLE, so a restart takes a second, not a
 *   webpack run; and activities read Temporal's (possibly skipped) time (see `activityTime`).
 *
 * Run with `node --require tsx/cjs`; it says `ready` over IPC once the worker polls, and is meant to be SIGKILLed.
 */
import { Context } from '@temporalio/activity';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import { PROVIDER_TIMEOUTS } from '../../../channels/provider-timeouts';
import { TwilioSmsSender } from '../../../channels/twilio';
import { loadConfig } from '../../../config/load';
import { buildDependencies } from '../../../worker/dependencies';
import { registerSearchAttributes } from '../../../worker/search-attributes';
import { Connection } from '@temporalio/client';

/**
 * Temporal's (possibly skipped) time: when the attempt was scheduled. A stack that runs in real time
 * (NOTIFY_FAULTS_WALL_CLOCK) reads the wall, as production does: there the scheduled time would lag by however long
 * an attempt waited in a backlog, and stand still while it runs.
 */
function activityTime(): Date {
  if (process.env.NOTIFY_FAULTS_WALL_CLOCK) return new Date();
  try {
    return new Date(Context.current().info.currentAttemptScheduledTimestampMs);
  } catch {
    return new Date();
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig();
  const { address, namespace, taskQueue } = config.temporal;
  const dependencies = await buildDependencies(config, { clock: activityTime });
  const deps = {
    ...dependencies.deps,
    sms: new TwilioSmsSender({
      accountSid: required('TWILIO_ACCOUNT_SID'),
      authToken: required('TWILIO_AUTH_TOKEN'),
      from: required('TWILIO_FROM'),
      statusCallbackBaseUrl: config.api.publicUrl,
      baseUrl: required('NOTIFY_FAULTS_TWILIO_URL'),
      timeoutMs: PROVIDER_TIMEOUTS.twilio.requestTimeoutMs,
    }),
    providers: { sms: 'twilio', email: dependencies.channels.chosen.email },
  };
  const client = await Connection.connect({ address });
  await registerSearchAttributes(client, namespace);
  await client.close();
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createActivities(deps),
    workflowBundle: { codePath: required('NOTIFY_FAULTS_WORKFLOW_BUNDLE') },
  });
  const running = worker.run();
  process.send?.({ type: 'ready', pid: process.pid });
  process.once('SIGTERM', () => worker.shutdown());
  await running;
  await dependencies.close();
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`fault worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
