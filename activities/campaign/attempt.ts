import { Context } from '@temporalio/activity';
import { isChannelError } from '../../channels/channel-error';
import type { Acceptance } from '../../db/repositories/campaign-outbox';
import { type OutboxWrites, releaseClaim } from '../../db/repositories/outbox';
import { countLateCopy, expireLease } from '../../db/repositories/outbox-attempt';
import { AMBIGUOUS_SEND_HOLD_MS, mayStillBeInFlight } from '../notify/claim';
import type { ActivityDeps } from '../deps';

/**
 * A campaign batch attempt's writes to the rows it claimed under its lease: each is refused once another attempt has
 * taken a row over, so a batch that outlived its lease never overwrites its successor.
 */

export interface BatchDeps extends ActivityDeps {
  /** Acceptances recorded as they come, sharing statements among the batch's provider calls in flight. */
  readonly outbox: OutboxWrites;
}

/** One acceptance, recorded at once: refused (and a copy beside the recorded one counted) if the lease was lost. */
export async function recordAccepted(
  deps: BatchDeps,
  acceptance: Acceptance,
  leaseToken: string,
  reconciled: boolean,
): Promise<void> {
  const recorded = await deps.outbox.recordProviderAcceptance(acceptance.idempotencyKey, {
    provider: acceptance.provider,
    providerMessageId: acceptance.providerMessageId,
    status: acceptance.status,
    at: deps.clock(),
    leaseToken,
    ...(reconciled ? { reconciled: { duplicates: 0 } } : {}),
  });
  if (!recorded) await countLateCopy(deps.db, acceptance.idempotencyKey, acceptance.providerMessageId);
}

/**
 * After a transient failure: an email the relay may have taken ends the lease without releasing it (the next attempt
 * records the outcome unknown and never resends); an SMS whose answer was lost in flight is held a moment longer; anything else
 * is released for the next attempt, which looks an SMS up before resending.
 */
export async function giveBack(
  deps: ActivityDeps,
  message: { readonly key: string; readonly channel: 'sms' | 'email' },
  leaseToken: string,
  error: unknown,
): Promise<void> {
  if (message.channel === 'email' && isChannelError(error) && error.mayHaveBeenDelivered) {
    await expireLease(deps.db, message.key, leaseToken, deps.clock());
  } else if (message.channel === 'sms' && isChannelError(error) && mayStillBeInFlight(error)) {
    // Twilio may still be processing the request: the next attempt's lookup must come after it, not race it.
    await expireLease(deps.db, message.key, leaseToken, new Date(deps.clock().getTime() + AMBIGUOUS_SEND_HOLD_MS));
  } else {
    await releaseClaim(deps.db, message.key, leaseToken);
  }
}

/** When Temporal scheduled this attempt (server time, so virtual in time-skipping tests); undefined outside one. */
export function attemptScheduledAt(): number | undefined {
  try {
    return Context.current().info.currentAttemptScheduledTimestampMs;
  } catch {
    return undefined;
  }
}
