import { Writable } from 'node:stream';
import type { WorkflowClient } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import type { ApiDeps } from '../../../api/api-deps';
import { buildApi } from '../../../api/server';
import { EdgeMetrics } from '../../../api/observability/edge-metrics';
import { createApiLogger } from '../../../api/observability/logger';
import type { Config } from '../../../config/config';
import { loadConfig } from '../../../config/load';
import { signIngestBody } from '../../../security/ingest-signature';
import { openTestDatabase, type TestDatabase } from '../../db/helpers/backends';
import { deriveServiceKeys } from '../../../security/keys';
import { serviceKeys } from '../../../worker/dependencies';

export const INGEST_SECRET = 'test-ingest-secret-0123456789abcdef';
export const AUTH_TOKEN = 'test-twilio-auth-token-0123456789';
export const PUBLIC_URL = 'https://notify.example.test';
export const KEYS = deriveServiceKeys(INGEST_SECRET);

/** What the API asked Temporal to do, recorded instead of done. */
export interface RecordedCall {
  readonly kind: 'signalWithStart' | 'signal';
  readonly workflowId: string;
  readonly signal: string;
  readonly args: readonly unknown[];
  /** The workflow's input, for signal-with-start. */
  readonly startArgs?: readonly unknown[];
}

/**
 * Stands in for the Temporal client in route tests: records each signal-with-start and signal. A signal to a workflow
 * never started here, or listed in `finished`, answers "not found", as Temporal does; tests whose workflows were
 * started elsewhere add them to `started`.
 */
export class RecordingWorkflows {
  readonly calls: RecordedCall[] = [];
  /** Workflows started without a signal (`client.start`), in order. */
  readonly starts: { readonly workflowId: string; readonly args: readonly unknown[] }[] = [];
  readonly started = new Set<string>();
  readonly finished = new Set<string>();
  reachable = true;
  /** How many of the next signals fail as an unreachable Temporal would (counts down), after nothing was recorded. */
  failingSignals = 0;

  asClient(): WorkflowClient {
    const signalWithStart = (
      _wf: unknown,
      options: { workflowId: string; signal: { name: string }; signalArgs: unknown[]; args: unknown[] },
    ) => {
      this.started.add(options.workflowId);
      this.finished.delete(options.workflowId);
      this.calls.push({
        kind: 'signalWithStart',
        workflowId: options.workflowId,
        signal: options.signal.name,
        args: options.signalArgs,
        startArgs: options.args,
      });
      return Promise.resolve({ workflowId: options.workflowId });
    };
    const getHandle = (workflowId: string) => ({
      signal: (signal: { name: string }, ...args: unknown[]) => {
        if (this.failingSignals > 0) {
          this.failingSignals -= 1;
          return Promise.reject(new Error('14 UNAVAILABLE: injected signal failure'));
        }
        if (this.finished.has(workflowId) || !this.started.has(workflowId)) {
          return Promise.reject(new WorkflowNotFoundError('not found', workflowId, undefined));
        }
        this.calls.push({ kind: 'signal', workflowId, signal: signal.name, args });
        return Promise.resolve();
      },
    });
    const workflowService = {
      getSystemInfo: () => (this.reachable ? Promise.resolve({}) : Promise.reject(new Error('connection refused'))),
    };
    // Plain starts (redelivery workflows), refused for an id started before, as REJECT_DUPLICATE does.
    const start = (_wf: unknown, options: { workflowId: string; args: unknown[] }) => {
      if (this.started.has(options.workflowId)) {
        return Promise.reject(new WorkflowExecutionAlreadyStartedError('already started', options.workflowId, 'wf'));
      }
      this.started.add(options.workflowId);
      this.starts.push({ workflowId: options.workflowId, args: options.args });
      return Promise.resolve({ workflowId: options.workflowId });
    };
    return { signalWithStart, getHandle, workflowService, start } as unknown as WorkflowClient;
  }
}

/** The parts of an HTTP answer the tests look at. */
export interface Answer {
  readonly statusCode: number;
  readonly headers: Headers;
  readonly body: string;
  json<T = unknown>(): T;
}

export interface RequestSpec {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly payload?: string;
}

export interface ApiFixture {
  readonly app: FastifyInstance;
  /** Base URL of the API listening on a free loopback port. */
  readonly baseUrl: string;
  /**
   * One real HTTP request to the API. (fastify's `inject` needs light-my-request, whose `cookie` dependency is ESM and
   * cannot be required under Jest on Node 20; a loopback port tests the same server more faithfully anyway.)
   */
  request(spec: RequestSpec): Promise<Answer>;
  readonly database: TestDatabase;
  readonly workflows: RecordingWorkflows;
  readonly metrics: EdgeMetrics;
  readonly config: Config;
  readonly logLines: string[];
  /** The API's clock; tests move it. */
  now: Date;
  close(): Promise<void>;
}

export async function openApiFixture(
  options: { env?: Record<string, string>; consent?: ApiDeps['consent'] } = {},
): Promise<ApiFixture> {
  const config = loadConfig({
    env: {
      NOTIFY_INGEST_SECRET: INGEST_SECRET,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      NOTIFY_PUBLIC_URL: PUBLIC_URL,
      ...options.env,
    },
  });
  const database = await openTestDatabase('pglite');
  const workflows = new RecordingWorkflows();
  const metrics = new EdgeMetrics();
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const fixture: ApiFixture = {
    app: undefined as unknown as FastifyInstance,
    baseUrl: '',
    request: async (spec) => {
      const response = await fetch(`${fixture.baseUrl}${spec.url}`, {
        method: spec.method,
        headers: spec.headers,
        body: spec.payload,
        redirect: 'manual',
      });
      const body = await response.text();
      return {
        statusCode: response.status,
        headers: response.headers,
        body,
        json: <T>() => JSON.parse(body) as T,
      };
    },
    database,
    workflows,
    metrics,
    config,
    logLines,
    now: new Date('2026-03-05T08:00:00Z'),
    close: async () => {
      await fixture.app.close();
      await database.close();
    },
  };
  (fixture as { app: FastifyInstance }).app = buildApi({
    db: database.db,
    workflows: workflows.asClient(),
    config,
    logger: createApiLogger({ destination }),
    clock: () => fixture.now,
    metrics,
    // From the configuration, as the entry points derive them: NOTIFY_INGEST_SECRET_PREVIOUS in `env` joins the rings.
    keys: serviceKeys(config),
    ...(options.consent ? { consent: options.consent } : {}),
  });
  (fixture as { baseUrl: string }).baseUrl = await fixture.app.listen({ host: '127.0.0.1', port: 0 });
  return fixture;
}

/** Headers for a signed `/v1/events` request made at `at`. */
export function signedEventHeaders(body: string, at: Date, secret = INGEST_SECRET): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-notify-signature': signIngestBody(secret, body, Math.floor(at.getTime() / 1000)),
  };
}

/** A Twilio-signed form POST for `inject`: the signature covers `PUBLIC_URL + path` unless `signedUrl` says otherwise. */
export function twilioRequest(
  path: string,
  params: Record<string, string>,
  options: { signedUrl?: string; token?: string; omitSignature?: boolean } = {},
) {
  const signature = getExpectedTwilioSignature(
    options.token ?? AUTH_TOKEN,
    options.signedUrl ?? `${PUBLIC_URL}${path}`,
    params,
  );
  return {
    method: 'POST' as const,
    url: path,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(options.omitSignature ? {} : { 'x-twilio-signature': signature }),
    },
    payload: new URLSearchParams(params).toString(),
  };
}

export function customerEvent(
  id: string,
  customerId: string,
  phone: string,
  locale = 'zh-CN',
): Record<string, unknown> {
  return {
    id,
    type: 'customer.upserted',
    occurredAt: '2026-03-02T09:00:00+08:00',
    data: {
      customerId,
      name: '王芳',
      phone,
      email: 'wangfang@example.com',
      locale,
      timezone: 'Asia/Shanghai',
      preferredChannel: 'sms',
      consents: { marketing: false },
    },
  };
}

export function orderPlacedEvent(id: string, orderId: string, customerId: string): Record<string, unknown> {
  return {
    id,
    type: 'order.placed',
    occurredAt: '2026-03-02T09:05:00+08:00',
    data: {
      orderId,
      customerId,
      items: [{ sku: 'FAN-01', name: '落地电风扇', category: 'small_appliance', quantity: 1 }],
    },
  };
}
