import type { OutboxWrites } from '../../db/repositories/outbox';
import type { ActivityDeps } from '../deps';

/**
 * What the send path runs on: the activities' dependencies and the outbox writes it shares among the sends in
 * flight (one `batchedOutboxWrites` per notify activity, so concurrent sends claim and record in shared statements).
 */
export interface SendDeps extends ActivityDeps {
  readonly outbox: OutboxWrites;
}
