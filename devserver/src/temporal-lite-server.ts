import type * as grpc from '@grpc/grpc-js';
import { VirtualClock, type ClockMode } from './clock/virtual-clock';
import { Engine, type Logger } from './engine/engine';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engine/engine-config';
import { createGrpcServer } from './grpc/server';
import { serverCredentials, type ServerTls } from './grpc/server-credentials';
import { recoverEngine, type RecoveryReport } from './persistence/recover';
import { operatorHandlers } from './operator-service/operator-service';
import { executionHandlers } from './service/execution-handlers';
import { healthHandlers } from './service/health-handlers';
import { systemHandlers } from './service/system-handlers';
import { taskHandlers } from './service/task-handlers';
import { testServiceHandlers } from './test-service/test-service';

export interface TemporalLiteOptions {
  readonly clockMode: ClockMode;
  readonly startTimeMs?: number;
  readonly engine?: Partial<EngineConfig>;
  readonly log?: Logger;
  /** Server-side gRPC interceptors; tests use one to see the metadata (e.g. `authorization`) clients send. */
  readonly interceptors?: readonly grpc.ServerInterceptor[];
  /** Keep state in this journal (`--db-filename`): recovered before `listen` binds, journaled from then on. */
  readonly dbFilename?: string;
  /** With `dbFilename`: closed runs are deleted this long after they closed (default 24 h). */
  readonly retentionMs?: number;
}

const DEFAULT_RETENTION_MS = 24 * 3_600_000;

export interface TemporalLite {
  readonly engine: Engine;
  /** With `dbFilename`: settles when recovery is done (rejects if the journal cannot be opened or read). */
  readonly recovered?: Promise<RecoveryReport>;
  /** Binds `host:port` (port 0 picks a free one), over TLS when `tls` is given, and returns the bound port. */
  listen(host: string, port: number, tls?: ServerTls): Promise<number>;
  stop(): Promise<void>;
}

/** Assembles the clock, the engine and the four gRPC services into one server. */
export function createTemporalLite(options: TemporalLiteOptions): TemporalLite {
  const log: Logger = options.log ?? ((message, error) => console.error(`temporal-lite: ${message}`, error ?? ''));
  const clock = new VirtualClock({
    mode: options.clockMode,
    startMs: options.startTimeMs,
    onTimerError: (description, error) => log(`timer "${description}" failed`, error),
  });
  const engine = new Engine(clock, { ...DEFAULT_ENGINE_CONFIG, ...options.engine }, log);
  const recovered =
    options.dbFilename === undefined
      ? undefined
      : recoverEngine(engine, options.dbFilename, options.retentionMs ?? DEFAULT_RETENTION_MS);
  // Without a journal there is nothing to wait for, and handlers answer exactly as before.
  const barrier = recovered ? () => engine.durability?.barrier() ?? Promise.resolve() : undefined;
  const server = createGrpcServer(
    [
      {
        service: 'temporal.api.workflowservice.v1.WorkflowService',
        handlers: { ...systemHandlers(engine), ...executionHandlers(engine), ...taskHandlers(engine) },
      },
      { service: 'temporal.api.operatorservice.v1.OperatorService', handlers: operatorHandlers(engine) },
      { service: 'temporal.api.testservice.v1.TestService', handlers: testServiceHandlers(clock) },
      { service: 'grpc.health.v1.Health', handlers: healthHandlers },
    ],
    (method, error) => log(`${method} failed`, error),
    options.interceptors,
    barrier,
  );
  return {
    engine,
    ...(recovered ? { recovered } : {}),
    listen: async (host, port, tls) => {
      await recovered;
      return new Promise((resolve, reject) => {
        const address = host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
        server.bindAsync(address, serverCredentials(tls), (error, boundPort) =>
          error ? reject(error) : resolve(boundPort),
        );
      });
    },
    stop: async () => {
      await new Promise<void>((resolve) => {
        clock.dispose();
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000).unref();
      });
      await engine.durability?.close();
    },
  };
}
