import { isIP } from 'node:net';
import { IANAZone } from 'luxon';
import { isValidPhoneNumber } from 'libphonenumber-js';
import { z } from 'zod';
import { parseDuration } from '../domain/duration';
import type { CustomerPurpose } from '../domain/policy';

/** Schema of temporal.yaml after environment overrides are merged in. Every object is strict: typos are errors. */

const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected a duration like 30s, 15m, 48h, 2d or 1h30m' });
    return z.NEVER;
  }
  return ms;
});

const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time HH:MM, e.g. 10:00');

const timezone = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone like Asia/Shanghai');

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s));

const messageClass = z.enum(['transactional', 'service', 'marketing']);

const CUSTOMER_PURPOSES = [
  'shipment.stalled',
  'shipment.exception',
  'shipment.late',
  'reply.ack',
  'reply.clarify',
  'usage.guide',
  'ticket.ack',
  'ticket.sla_holding',
  'ticket.checkin',
  'optout.confirm',
  'help.info',
  'campaign',
] as const satisfies readonly CustomerPurpose[];

const customerPurpose = z.enum(CUSTOMER_PURPOSES);

const window = z.strictObject({ start: localTime, end: localTime });

const cap = z.strictObject({ max: z.number().int().min(0), per: duration });

const policySchema = z.strictObject({
  stall: z.strictObject({
    threshold: duration,
    carrierThresholds: z.record(z.string().min(1), duration),
    replyWindow: duration,
    followUpAfter: duration,
    maxNoticesPerShipment: z.number().int().min(0).max(10),
  }),
  lateDelivery: z.strictObject({ apologise: z.boolean() }),
  usageGuide: z.strictObject({
    afterDays: z.number().int().min(0).max(60),
    at: localTime,
    skipIfReturnRequested: z.boolean(),
    skipIfTicketOpen: z.boolean(),
  }),
  firstResponse: z.strictObject({
    urgent: duration,
    high: duration,
    normal: duration,
    low: duration,
    warnAt: z.number().gt(0, 'expected a share of the SLA between 0 and 1').lt(1, 'expected a share between 0 and 1'),
    holdingMessageAtBreach: z.boolean(),
  }),
  checkIn: z.strictObject({
    afterResolutionDays: z.number().int().min(0).max(60),
    afterReshipDeliveryDays: z.number().int().min(0).max(60),
    at: localTime,
    replyWindow: duration,
    lowScoreAtMost: z.number().int().min(1).max(5),
  }),
  windows: z.strictObject({ transactional: window, service: window, marketing: window }),
  windowExempt: z.array(customerPurpose),
  classes: z.strictObject(
    Object.fromEntries(CUSTOMER_PURPOSES.map((p) => [p, messageClass])) as Record<CustomerPurpose, typeof messageClass>,
  ),
  frequencyCaps: z.strictObject({ transactional: cap.optional(), service: cap.optional(), marketing: cap.optional() }),
  localeFallback: z
    .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a locale like zh-CN or en'))
    .min(1),
  defaultTimezone: timezone,
  // Defaults for files written before these existed (architecture.md 6.3: 24 h and 5 min).
  staleAfter: duration.default(24 * 3_600_000),
  clockSkewTolerance: duration.default(5 * 60_000),
});

/** A Temporal frontend address; Temporal Cloud's `<namespace>.<account>.tmprl.cloud:7233` is one too. */
export const HOST_PORT = /^[^\s:]+:\d{1,5}$/;

const provider = <T extends string>(real: T) => z.enum(['auto', real, 'outbox']);

export const fileSchema = z.strictObject({
  temporal: z.strictObject({
    address: z.string().regex(HOST_PORT, 'expected host:port, e.g. 127.0.0.1:7233'),
    namespace: z.string().min(1),
    taskQueue: z.string().min(1),
  }),
  database: z.strictObject({ dataDir: z.string().min(1) }),
  api: z.strictObject({
    host: z.string().min(1),
    port: z.coerce.number({ error: 'expected a port number 1-65535' }).int().min(1).max(65535),
    publicUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL, e.g. https://notify.example.com' }),
    bodyLimitBytes: z.number().int().min(1024),
    maxEventsPerRequest: z.number().int().min(1).max(10_000),
    signatureTolerance: duration,
    replyLinkTtl: duration,
    // Defaults for files written before these existed.
    unsubscribeLinkTtl: duration.default(365 * 86_400_000),
    requestTimeout: duration.default(30_000),
    maxRequestsInFlight: z.number().int().min(1).default(256),
    rateLimitPerMinute: z.number().int().min(1).default(600),
    webhookRateLimitPerMinute: z.number().int().min(1).default(6000),
    trustedProxies: z
      .array(
        z.string().refine(isAddressOrCidr, {
          message: 'expected an IP address or CIDR range, e.g. 10.0.0.0/8, or loopback, linklocal, uniquelocal',
        }),
      )
      .default([]),
  }),
  channels: z.strictObject({
    sms: z.strictObject({
      provider: provider('twilio'),
      accountSid: optionalText.refine((s) => s === undefined || /^AC[0-9a-fA-F]{32}$/.test(s), {
        message: 'expected a Twilio account SID: AC followed by 32 hex digits',
      }),
      messagingServiceSid: optionalText.refine((s) => s === undefined || /^MG[0-9a-fA-F]{32}$/.test(s), {
        message: 'expected a Twilio Messaging Service SID: MG followed by 32 hex digits',
      }),
      from: optionalText.refine((s) => s === undefined || isValidPhoneNumber(s), {
        message: 'expected an E.164 phone number like +15005550006',
      }),
      segmentBudget: z.number().int().min(1).max(10),
    }),
    email: z.strictObject({
      provider: provider('smtp'),
      from: z.string().min(3),
    }),
  }),
  shop: z.strictObject({ name: z.string().min(1).max(40), supportContact: z.string().min(1).max(80) }),
  alerts: z.strictObject({
    email: optionalText.pipe(z.email('expected an email address').optional()),
    webhookUrl: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional()),
    locale: z.enum(['zh-CN', 'en']),
  }),
  policy: policySchema,
});

export type FileConfig = z.output<typeof fileSchema>;

/** Secrets are read from the environment only; this validates their shape. */
export const secretsSchema = z.strictObject({
  databaseUrl: optionalText.pipe(
    z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// URL' }).optional(),
  ),
  ingestSecret: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  ingestSecretPrevious: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  metricsToken: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  twilioAuthToken: optionalText,
  smtpUrl: optionalText.pipe(z.url({ protocol: /^smtps?$/, error: 'expected an smtp:// or smtps:// URL' }).optional()),
});

export type Secrets = z.output<typeof secretsSchema>;

/** What fastify's trustProxy (proxy-addr) accepts: an address, a CIDR range, or one of its named ranges. */
function isAddressOrCidr(text: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(text)) return true;
  const [address, bits, ...rest] = text.split('/');
  if (rest.length > 0 || address === undefined || isIP(address) === 0) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}
