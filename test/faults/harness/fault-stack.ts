import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { parseDocument } from 'yaml';
import { DEFAULT_CONFIG_FILE } from '../../../config/load';
import { connect, type DatabaseHandle } from '../../../db/connect';
import { migrateToLatest } from '../../../db/migrate';
import { signIngestBody } from '../../../security/ingest-signature';
import { startTwilioFake, type TwilioFake } from '../../fakes/twilio-fake';
import { freePort } from '../../helpers/free-port';
import { createTestEnv } from '../../helpers/temporal-env';
import { PostgresCluster } from './postgres';
import { apiProcess, type ServiceProcess, workerProcess } from './processes';
import { SmtpGate } from './smtp-gate';
import { TwilioGate } from './twilio-gate';
import { workflowBundlePath } from './workflow-bundle';

export const INGEST_SECRET = 'faults-ingest-secret-0123456789abcdef';
export const AUTH_TOKEN = 'faults-twilio-auth-token-0123456789';
export const ACCOUNT_SID = `AC${'f'.repeat(32)}`;
/** Twilio's magic "always succeeds" sender, which the fake mirrors. */
export const FROM = '+15005550006';
export const PUBLIC_URL = 'https://notify.faults.test';

export interface FaultStackOptions {
  /** Extra temporal-lite launcher arguments (e.g. `--start-time`). */
  readonly temporalArgs?: readonly string[];
  readonly workers?: number;
  readonly apis?: number;
  /**
   * Changes to temporal.yaml for every process of the stack, by key path, e.g. `[['policy', 'stall', 'threshold'],
   * '30s']`: the processes read the edited copy through NOTIFY_CONFIG.
   */
  readonly config?: readonly (readonly [readonly string[], unknown])[];
  /**
   * The stack runs in real time (the test never skips it): workers read the wall clock, as production does, rather
   * than their attempt's scheduled time, which lags by however long the attempt waited in a backlog.
   */
  readonly realTime?: boolean;
}

/**
 * Everything a fault test runs against, as separate processes where a crash matters: temporal-lite (time skipping,
 * in-process client), a Postgres cluster of the test's own with one database, the Twilio fake behind a fault gate,
 * an SMTP server that can go down or stall, `workers` fault-worker processes and `apis` `notify api` processes.
 * Processes are created, not started: tests start them (`startAll`) after scripting the gates.
 */
export interface FaultStack {
  readonly env: TestWorkflowEnvironment;
  readonly postgres: PostgresCluster;
  /** The test's own connection to the service's database, for assertions and seeding. */
  readonly db: DatabaseHandle['db'];
  readonly fake: TwilioFake;
  readonly twilio: TwilioGate;
  readonly smtp: SmtpGate;
  readonly workers: readonly ServiceProcess[];
  readonly apis: readonly ServiceProcess[];
  readonly apiUrls: readonly string[];
  readonly logDir: string;
  /** The temporal.yaml every process of the stack reads (with `options.config` applied). */
  readonly configPath: string;
  startAll(): Promise<void>;
  close(): Promise<void>;
}

export async function openFaultStack(options: FaultStackOptions = {}): Promise<FaultStack> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const logDir = await mkdtemp(path.join(tmpdir(), 'notify-faults-'));
    cleanups.push(() => (process.env.NOTIFY_FAULTS_KEEP_LOGS ? Promise.resolve() : rm(logDir, { recursive: true })));
    const configPath = path.join(logDir, 'temporal.yaml');
    const document = parseDocument(await readFile(DEFAULT_CONFIG_FILE, 'utf8'));
    for (const [keyPath, value] of options.config ?? []) document.setIn(keyPath, value);
    await writeFile(configPath, document.toString());
    // Started together; each is registered for cleanup as soon as it is up, so a failure of another leaks nothing.
    const owned = <T>(started: Promise<T>, cleanup: (value: T) => Promise<unknown>): Promise<T> =>
      started.then((value) => {
        cleanups.push(() => cleanup(value));
        return value;
      });
    const [env, postgres, fake, smtpPort, bundlePath] = (await Promise.allSettled([
      owned(createTestEnv({ extraArgs: [...(options.temporalArgs ?? [])] }), (e) => e.teardown()),
      owned(PostgresCluster.start(), (p) => p.close()),
      owned(startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }), (f) => f.close()),
      freePort(),
      workflowBundlePath(),
    ]).then((results) =>
      results.map((r) => {
        if (r.status === 'rejected') throw r.reason;
        return r.value;
      }),
    )) as [TestWorkflowEnvironment, PostgresCluster, TwilioFake, number, string];
    const databaseUrl = await postgres.createDatabase(`notify_faults_${randomBytes(4).toString('hex')}`);
    const handle = await connect({ databaseUrl, maxConnections: 4 });
    cleanups.push(() => handle.close());
    await migrateToLatest(handle.db);
    const twilio = await TwilioGate.open(fake);
    cleanups.push(() => twilio.close());
    const smtp = await SmtpGate.open(smtpPort);
    cleanups.push(() => smtp.close());

    const childEnv: NodeJS.ProcessEnv = {
      ...withoutNotifyVariables(process.env),
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      NOTIFY_INGEST_SECRET: INGEST_SECRET,
      NOTIFY_PUBLIC_URL: PUBLIC_URL,
      NOTIFY_DATA_DIR: path.join(logDir, 'data'),
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: FROM,
      SMTP_URL: smtp.url,
      EMAIL_FROM: 'notify <notify@shop.faults.test>',
      NOTIFY_FAULTS_TWILIO_URL: twilio.url,
      NOTIFY_FAULTS_WORKFLOW_BUNDLE: bundlePath,
      NOTIFY_CONFIG: configPath,
      ...(options.realTime ? { NOTIFY_FAULTS_WALL_CLOCK: '1' } : {}),
    };
    const workers = Array.from({ length: options.workers ?? 1 }, (_, i) =>
      workerProcess(`worker-${i + 1}`, childEnv, logDir),
    );
    const apiPorts = await Promise.all(Array.from({ length: options.apis ?? 0 }, () => freePort()));
    const apis = apiPorts.map((port, i) => apiProcess(`api-${i + 1}`, childEnv, logDir, port));
    cleanups.push(async () => {
      await Promise.all([...workers, ...apis].map((p) => p.kill()));
    });
    return {
      env,
      postgres,
      db: handle.db,
      fake,
      twilio,
      smtp,
      workers,
      apis,
      apiUrls: apiPorts.map((port) => `http://127.0.0.1:${port}`),
      logDir,
      configPath,
      startAll: async () => {
        await Promise.all([...workers, ...apis].map((p) => p.start()));
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The parent's configuration must not leak into the children (a developer's DATABASE_URL, a real Twilio SID). */
function withoutNotifyVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!/^(DATABASE_URL|TEMPORAL_|NOTIFY_|TWILIO_|SMTP_|EMAIL_)/.test(name)) kept[name] = value;
  }
  return kept;
}

export interface IngestAnswer {
  readonly status: number;
  readonly results: readonly { readonly id?: string; readonly status: string }[];
}

/** POSTs a signed `/v1/events` batch to one API process. */
export async function postEvents(apiUrl: string, events: readonly object[]): Promise<IngestAnswer> {
  const body = JSON.stringify({ events });
  const response = await fetch(`${apiUrl}/v1/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-notify-signature': signIngestBody(INGEST_SECRET, body, Math.floor(Date.now() / 1000)),
    },
    body,
  });
  const text = await response.text();
  const parsed = JSON.parse(text || '{}') as { results?: IngestAnswer['results'] };
  return { status: response.status, results: parsed.results ?? [] };
}

/** POSTs a Twilio-signed inbound SMS (a customer's reply) to one API process. */
export async function postInboundSms(
  apiUrl: string,
  from: string,
  text: string,
  messageSid = `SM${randomBytes(16).toString('hex')}`,
): Promise<number> {
  const params = { MessageSid: messageSid, From: from, To: FROM, Body: text };
  const response = await fetch(`${apiUrl}/v1/twilio/inbound`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/v1/twilio/inbound`, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  await response.text();
  return response.status;
}
