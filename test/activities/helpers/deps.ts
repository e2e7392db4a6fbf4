import type { Kysely } from 'kysely';
import type { ActivityDeps } from '../../../activities';
import type { EmailSender } from '../../../channels/email';
import type { SmsSender } from '../../../channels/sms';
import { loadConfig } from '../../../config/load';
import type { Database } from '../../../db/database';
import { CATALOGS } from '../../../templates';
import { PUBLIC_URL } from './channels';
import type { ManualClock } from './clock';
import { deriveServiceKeys, type ServiceKeys } from '../../../security/keys';

export const LINK_KEYS = deriveServiceKeys('reply-link-secret-for-tests');
export const SHOP = { name: '优品生活', supportContact: '400-820-8820' } as const;

/** The shipped policy (temporal.yaml defaults), read once: caps, windows, classes and locale fallback as deployed. */
const SHIPPED = loadConfig({ env: {} });
export const SHIPPED_POLICY = SHIPPED.policy;
const SHIPPED_API = SHIPPED.api;

/** Links as the worker makes them (temporal.yaml's TTLs), to `publicUrl` under `keys`. */
export function linkDeps(publicUrl: string, keys: ServiceKeys): ActivityDeps['links'] {
  return {
    publicUrl,
    keys,
    replyTtlMs: SHIPPED_API.replyLinkTtlMs,
    unsubscribeTtlMs: SHIPPED_API.unsubscribeLinkTtlMs,
  };
}

/**
 * ActivityDeps as the worker builds them, with the real channel clients pointed at the loopback doubles, the shipped
 * policy and copy, and a clock the test controls. Staff alerts go nowhere unless a test says where.
 */
export function activityDeps(
  db: Kysely<Database>,
  channels: { readonly sms: SmsSender; readonly email: EmailSender },
  clock: ManualClock,
  overrides: Partial<ActivityDeps> = {},
): ActivityDeps {
  return {
    db,
    sms: channels.sms,
    email: channels.email,
    providers: { sms: 'twilio', email: 'smtp' },
    policy: SHIPPED_POLICY,
    catalogs: CATALOGS,
    shop: SHOP,
    links: linkDeps(PUBLIC_URL, LINK_KEYS),
    alerts: { email: undefined, webhookUrl: undefined, locale: 'en' },
    clock: clock.now,
    fetch: globalThis.fetch,
    ...overrides,
  };
}
