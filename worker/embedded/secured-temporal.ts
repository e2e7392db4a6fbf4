import type { TemporalSettings } from '../../config/temporal-settings';
import { connectClient } from '../../temporal/connect';
import { describeConnection } from '../../temporal/describe-connection';
import type { TemporalChoice } from './temporal-server';

/**
 * A Temporal configured with TLS or an API key is someone's cluster: `notify start` uses it, and when it does not
 * answer says why (one line, with the TLS verification error) rather than starting a plaintext server in its place.
 * Undefined for a plaintext configuration: then the embedded default chooses or starts a local Temporal as before.
 */
export async function securedTemporal(temporal: TemporalSettings): Promise<TemporalChoice | undefined> {
  if (!temporal.tls && temporal.apiKey === undefined) return undefined;
  const connection = await connectClient(temporal);
  await connection.close();
  return { description: `Temporal at ${describeConnection(temporal)}`, stop: () => Promise.resolve() };
}
