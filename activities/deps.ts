import type { Kysely } from 'kysely';
import type { EmailSender } from '../channels/email';
import type { SmsSender } from '../channels/sms';
import type { Database } from '../db/database';
import type { Policy } from '../domain/policy';
import type { Catalogs } from '../domain/templates/render';
import type { ServiceKeys } from '../security/keys';

/** Everything activities need, built once by the worker and passed in: no activity reaches for a global. */
export interface ActivityDeps {
  readonly db: Kysely<Database>;
  readonly sms: SmsSender;
  readonly email: EmailSender;
  /** Names the provider in the outbox (`twilio`, `smtp`, `outbox`). */
  readonly providers: { readonly sms: string; readonly email: string };
  readonly policy: Policy;
  readonly catalogs: Catalogs;
  readonly shop: { readonly name: string; readonly supportContact: string };
  readonly links: {
    /** Base of the API's public URL, for reply links in email prompts and unsubscribe links in marketing mail. */
    readonly publicUrl: string;
    readonly keys: Pick<ServiceKeys, 'replyLinks' | 'unsubscribeLinks'>;
    /** How long a reply link works (`api.replyLinkTtl`); a prompt's reply window may end it sooner. */
    readonly replyTtlMs: number;
    /** How long an unsubscribe link works (`api.unsubscribeLinkTtl`). */
    readonly unsubscribeTtlMs: number;
  };
  readonly alerts: {
    readonly email: string | undefined;
    readonly webhookUrl: string | undefined;
    readonly locale: string;
  };
  /** The current time. The worker uses the wall clock; the simulator uses Temporal's (virtual) time. */
  readonly clock: () => Date;
  /** Posts staff-alert webhooks; injectable so tests can point it at a loopback receiver. */
  readonly fetch: typeof fetch;
}
