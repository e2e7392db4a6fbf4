import type { ChannelError } from '../../channels/channel-error';
import { recordRecipientRefusal } from '../../db/repositories/recipient-refusal';
import type { NotificationRow } from '../../db/tables/notifications';
import type { ActivityDeps } from '../deps';

/**
 * What a permanent refusal at send time teaches about the recipient (a dead contact, or an opt-out the provider
 * enforces), recorded as delivery reports record it: see `recordRecipientRefusal`.
 */
export async function recordRecipientFailure(
  deps: ActivityDeps,
  row: Pick<NotificationRow, 'channel' | 'address' | 'customer_id'>,
  err: ChannelError,
  at: Date,
): Promise<void> {
  await recordRecipientRefusal(deps.db, row, err.reason, at);
}
