import type { Policy } from '../domain/policy';
import type { TemporalSettings } from './temporal-settings';

/** The application's configuration: parsed once at the entry point, frozen, and passed down. */
export interface Config {
  readonly source: string;
  readonly temporal: TemporalSettings;
  readonly database: {
    /** Postgres connection string; when absent, embedded PGlite under `dataDir` is used. */
    readonly url: string | undefined;
    readonly dataDir: string;
  };
  readonly api: {
    readonly host: string;
    readonly port: number;
    readonly publicUrl: string;
    readonly bodyLimitBytes: number;
    readonly maxEventsPerRequest: number;
    readonly signatureToleranceMs: number;
    readonly replyLinkTtlMs: number;
    readonly unsubscribeLinkTtlMs: number;
    /** Longest a request may take (headers, body and handler) before the edge answers 408/503 and closes it. */
    readonly requestTimeoutMs: number;
    /** Requests handled at once; beyond it the edge answers 503 with Retry-After instead of queueing. */
    readonly maxRequestsInFlight: number;
    /** Per-source (client IP) request budget on ingest and webhooks; beyond it 429 with Retry-After. */
    readonly rateLimitPerMinute: number;
    /**
     * The same for Twilio's webhooks, a budget of its own: a campaign's status callbacks and a burst of STOP replies
     * come from Twilio's addresses at campaign pace, and Twilio does not retry a refused callback by default.
     */
    readonly webhookRateLimitPerMinute: number;
    /**
     * Reverse proxies whose X-Forwarded-For is believed (addresses, CIDR ranges); empty: none, and every request's
     * source is the socket's peer. Decides whose budget a request spends.
     */
    readonly trustedProxies: readonly string[];
    readonly ingestSecret: string | undefined;
    /** The secret being rotated out: accepted when verifying signatures and links, never used to sign. */
    readonly ingestSecretPrevious: string | undefined;
    /** When set, `/metrics` requires `Authorization: Bearer <token>`. */
    readonly metricsToken: string | undefined;
  };
  readonly channels: {
    readonly sms: {
      readonly provider: 'auto' | 'twilio' | 'outbox';
      readonly accountSid: string | undefined;
      readonly authToken: string | undefined;
      readonly messagingServiceSid: string | undefined;
      readonly from: string | undefined;
      readonly segmentBudget: number;
    };
    readonly email: {
      readonly provider: 'auto' | 'smtp' | 'outbox';
      readonly smtpUrl: string | undefined;
      readonly from: string;
    };
  };
  readonly shop: { readonly name: string; readonly supportContact: string };
  readonly alerts: {
    readonly email: string | undefined;
    readonly webhookUrl: string | undefined;
    readonly locale: 'zh-CN' | 'en';
  };
  readonly policy: Policy;
}

/** One problem found while loading configuration: where, what was wrong, and the (masked) value found there. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
  readonly value?: string;
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      `invalid configuration in ${source}:\n` +
        issues.map((i) => `  - ${i.path}: ${i.message}${i.value === undefined ? '' : ` (got ${i.value})`}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
