import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { TemporalSettings } from '../config/temporal-settings';
import { connectionOptions, type TemporalConnectionOptions } from './connection-options';
import { explainConnectFailure } from './explain-failure';

/** Long enough for a remote cluster's TLS handshake; short enough that a wrong address fails while someone waits. */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * A client connection for a command, the API or the worker's own client calls. A failure is one line naming the
 * address and, over TLS, what the handshake said (a certificate the configured CA does not vouch for, a wrong name).
 */
export async function connectClient(
  settings: TemporalSettings,
  connectTimeoutMs: number = CONNECT_TIMEOUT_MS,
): Promise<Connection> {
  const options = connectionOptions(settings);
  try {
    return await Connection.connect({ ...options, connectTimeout: connectTimeoutMs });
  } catch (err) {
    throw await explainConnectFailure(settings, options, err);
  }
}

/** The worker's connection (the SDK's Rust core), with the same options and the same kind of error. */
export async function connectNative(settings: TemporalSettings): Promise<NativeConnection> {
  const options: TemporalConnectionOptions = connectionOptions(settings);
  try {
    return await NativeConnection.connect(options);
  } catch (err) {
    throw await explainConnectFailure(settings, options, err);
  }
}
