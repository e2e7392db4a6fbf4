import net from 'node:net';
import type { WorkflowClient } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { EdgeMetrics } from '../../../api/observability/edge-metrics';
import { createApiLogger } from '../../../api/observability/logger';
import { buildApi } from '../../../api/server';
import type { Config } from '../../../config/config';
import { loadConfig } from '../../../config/load';
import { openTestDatabase, type TestDatabase } from '../../db/helpers/backends';
import { INGEST_SECRET, KEYS, PUBLIC_URL, RecordingWorkflows } from './api-fixture';

/** The real edge on a loopback port with its overload settings (`api.*`) chosen by the test. */
export interface GuardedApi {
  readonly app: FastifyInstance;
  readonly port: number;
  readonly metrics: EdgeMetrics;
  readonly database: TestDatabase;
  url(path: string): string;
  close(): Promise<void>;
}

export async function openGuardedApi(
  api: Partial<
    Pick<
      Config['api'],
      'requestTimeoutMs' | 'maxRequestsInFlight' | 'rateLimitPerMinute' | 'webhookRateLimitPerMinute' | 'trustedProxies'
    >
  >,
  workflows: WorkflowClient = new RecordingWorkflows().asClient(),
): Promise<GuardedApi> {
  const loaded = loadConfig({ env: { NOTIFY_INGEST_SECRET: INGEST_SECRET, NOTIFY_PUBLIC_URL: PUBLIC_URL } });
  const config: Config = { ...loaded, api: { ...loaded.api, ...api } };
  const database = await openTestDatabase('pglite');
  const metrics = new EdgeMetrics();
  const app = buildApi({
    db: database.db,
    workflows,
    config,
    logger: createApiLogger({ destination: { write: () => true } as unknown as NodeJS.WritableStream }),
    clock: () => new Date(),
    metrics,
    keys: KEYS,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as net.AddressInfo).port;
  return {
    app,
    port,
    metrics,
    database,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export interface TrickleOutcome {
  /** Everything the server wrote before closing the connection. */
  readonly response: string;
  readonly closedAfterMs: number;
}

/**
 * A slow-loris sender on a raw socket: full headers announcing a body, then one byte of it every `everyMs`, never
 * finishing. Resolves when the server closes the connection; `opened` resolves once the headers are written.
 */
export function trickleBody(
  port: number,
  path: string,
  everyMs = 50,
): { opened: Promise<void>; outcome: Promise<TrickleOutcome> } {
  return trickle(
    port,
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`,
    ' ',
    everyMs,
  );
}

/** A sender that never finishes its headers: the request line, then one header byte every `everyMs`. */
export function trickleHeaders(port: number, everyMs = 50): Promise<TrickleOutcome> {
  return trickle(port, 'POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 'a', everyMs).outcome;
}

/** Writes `head`, then `drip` every `everyMs` until the server closes the connection; collects what it answered. */
function trickle(
  port: number,
  head: string,
  drip: string,
  everyMs: number,
): { opened: Promise<void>; outcome: Promise<TrickleOutcome> } {
  const socket = net.connect(port, '127.0.0.1');
  const started = Date.now();
  let response = '';
  let timer: NodeJS.Timeout | undefined;
  const opened = new Promise<void>((resolve) => {
    socket.once('connect', () => {
      socket.write(head);
      timer = setInterval(() => socket.write(drip), everyMs);
      resolve();
    });
  });
  const outcome = new Promise<TrickleOutcome>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      response += chunk.toString('utf8');
    });
    // Writes after the server closed fail with EPIPE or ECONNRESET; the close that follows is the outcome.
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearInterval(timer);
      resolve({ response, closedAfterMs: Date.now() - started });
    });
  });
  return { opened, outcome };
}

/** The value of one series in the Prometheus text, or 0 when it is absent. */
export function seriesValue(exposition: string, series: string): number {
  const line = exposition.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
