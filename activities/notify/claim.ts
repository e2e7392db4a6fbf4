import { randomUUID } from 'node:crypto';
import type { ChannelError } from '../../channels/channel-error';
import { type AttemptLease, getNotification, takeOverClaim } from '../../db/repositories/outbox';
import type { NotificationRow } from '../../db/tables/notifications';
import type { ActivityDeps } from '../deps';

/**
 * How long an attempt holds a claimed row before another may take it over: the notify activity's start-to-close
 * timeout, so a retry scheduled after a worker died finds the lease run out, while a slow provider call keeps it:
 * the clients time out well before it runs out (channels/provider-timeouts.ts).
 */
export const CLAIM_LEASE_MS = 60_000;

/**
 * The least lease an attempt must have left to start a provider call: more than the longest call may take
 * (channels/provider-timeouts.ts), so the call has ended, or failed, before another attempt may take the row over.
 * An attempt that spent its lease waiting (a busy worker, a slow database) gives the row back instead of sending.
 */
export const MIN_LEASE_LEFT_TO_CALL_MS = 30_000;

/**
 * How long a row stays held after an SMS send whose answer was lost in flight (the client timed out, the connection
 * dropped): Twilio can still be processing a request the client gave up on, and the retry's lookup must come after
 * it, not race it.
 */
export const AMBIGUOUS_SEND_HOLD_MS = 20_000;

/**
 * A send that may still be in progress at the provider: its answer never came (a network code, not an HTTP status).
 * An error answer, 5xx included, ended the request: a lookup made now sees whatever it did.
 */
export function mayStillBeInFlight(err: ChannelError): boolean {
  return err.mayHaveBeenDelivered && typeof err.providerCode === 'string';
}

export function hasTimeToCall(lease: AttemptLease, now: Date): boolean {
  return lease.expiresAt.getTime() - now.getTime() >= MIN_LEASE_LEFT_TO_CALL_MS;
}

export function newLease(now: Date): AttemptLease {
  return { token: randomUUID(), expiresAt: new Date(now.getTime() + CLAIM_LEASE_MS) };
}

export type ClaimTakeover =
  | { readonly kind: 'owned'; readonly row: NotificationRow }
  | { readonly kind: 'settled'; readonly row: NotificationRow }
  | { readonly kind: 'held_elsewhere' };

/**
 * For a key an earlier or concurrent attempt claimed: take the row over when its lease ran out (this attempt then
 * reconciles before any resend), report its outcome when it settled meanwhile, or report that a live attempt holds
 * it, in which case this one must not call the provider.
 */
export async function takeOverEarlierClaim(
  deps: ActivityDeps,
  row: NotificationRow,
  lease: AttemptLease,
  now: Date,
): Promise<ClaimTakeover> {
  if (row.status !== 'claimed') return { kind: 'settled', row };
  const taken = await takeOverClaim(deps.db, row.idempotency_key, lease, now);
  if (taken) return { kind: 'owned', row: taken };
  const current = await getNotification(deps.db, row.idempotency_key);
  if (current && current.status !== 'claimed') return { kind: 'settled', row: current };
  return { kind: 'held_elsewhere' };
}
