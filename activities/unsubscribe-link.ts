import { createUnsubscribeToken } from '../security/unsubscribe-token';
import type { ActivityDeps } from './deps';

export const UNSUBSCRIBE_PATH_PREFIX = '/v1/unsubscribe/';

/**
 * The `marketing` option of an email send: marketing mail carries a one-click unsubscribe link (List-Unsubscribe,
 * RFC 8058); any other class carries none. The link names the mail's outbox row, not the customer or the address:
 * using it opts out the address that row says the mail went to (api/unsubscribe/record-unsubscribe.ts).
 */
export function marketingOption(
  deps: Pick<ActivityDeps, 'links' | 'clock'>,
  mail: { readonly messageClass: string | null; readonly customerId: string | null; readonly notificationKey: string },
): { marketing?: { unsubscribeUrl: string } } {
  if (mail.messageClass !== 'marketing' || !mail.customerId) return {};
  const expiresAt = Math.floor((deps.clock().getTime() + deps.links.unsubscribeTtlMs) / 1000);
  const token = createUnsubscribeToken(deps.links.keys.unsubscribeLinks, {
    notificationKey: mail.notificationKey,
    expiresAt,
  });
  return { marketing: { unsubscribeUrl: `${deps.links.publicUrl}${UNSUBSCRIBE_PATH_PREFIX}${token}` } };
}
