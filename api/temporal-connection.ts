import { Connection } from '@temporalio/client';

/** Long enough for a remote cluster's TLS handshake; short enough that a wrong address fails while someone waits. */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Connects a Temporal client for a command (`notify api`, `events send --direct`, `order show`, the campaign
 * commands). The SDK's own error ("Failed to connect before the deadline") does not say to what, so the operator gets
 * the address, and how to start or point at a Temporal.
 */
export async function connectToTemporal(address: string): Promise<Connection> {
  try {
    return await Connection.connect({ address, connectTimeout: CONNECT_TIMEOUT_MS });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `cannot reach Temporal at ${address} (${reason}); is it running? \`notify start\` brings one up, ` +
        'or set TEMPORAL_ADDRESS / temporal.address',
      {
        cause: err,
      },
    );
  }
}
