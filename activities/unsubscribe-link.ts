import { createUnsubscribeToken } from '../security/unsubscribe-token';
import type { ActivityDeps } from './deps';

export const UNSUBSCRIBE_PATH_PREFIX = '/v1/unsubscribe/';

/**
 * The `marketing` option of an email send: marketing mail carries a signed one-click unsubscribe link
 * (List-Unsubscribe, RFC 8058) for the address it goes to; any other class carries none.
 */
export function marketingOption(
  deps: Pick<ActivityDeps, 'links'>,
  messageClass: string | null,
  customerId: string | null,
  email: string,
): { marketing?: { unsubscribeUrl: string } } {
  if (messageClass !== 'marketing' || !customerId) return {};
  const token = createUnsubscribeToken(deps.links.keys.unsubscribeLinks, { customerId, email });
  return { marketing: { unsubscribeUrl: `${deps.links.publicUrl}${UNSUBSCRIBE_PATH_PREFIX}${token}` } };
}
