import { z } from 'zod';

/**
 * A campaign as an operator defines it and the database stores it (`campaigns.definition`). The CLI parses its
 * flags and CSV files into this shape, the operations validate it with `campaignDefinitionSchema`, and the campaign
 * activities read it back. Every audience filter that is present must hold (AND); an empty audience selects nobody.
 */

const idText = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'letters, digits and . _ : - only (at most 128)');

const isoInstant = z.iso.datetime({ offset: true });

export const audienceSchema = z
  .strictObject({
    /** Customers with an order containing one of these SKUs. */
    skus: z.array(idText).min(1).optional(),
    /** Customers with an order containing an item of one of these categories. */
    categories: z.array(z.string().trim().min(1)).min(1).optional(),
    /** Customers with a shipment delivered at or after this instant (inclusive)… */
    deliveredFrom: isoInstant.optional(),
    /** …and before this one (exclusive). */
    deliveredTo: isoInstant.optional(),
    /** Customers with a shipment by one of these carriers. */
    carriers: z.array(z.string().trim().min(1)).min(1).optional(),
    /** Customers whose locale is one of these (exact match, e.g. `zh-CN`, `en`). */
    locales: z.array(z.string().trim().min(1)).min(1).optional(),
    /** Only these customers (from a CSV of customer ids). */
    customerIds: z.array(idText).min(1).optional(),
    /** Only the customers of these orders (from a CSV of order ids). */
    orderIds: z.array(idText).min(1).optional(),
  })
  .refine((a) => Object.values(a).some((v) => v !== undefined), {
    message: 'the audience needs at least one filter (sku, category, delivered range, carrier, locale or an id list)',
  })
  .refine((a) => !a.deliveredFrom || !a.deliveredTo || Date.parse(a.deliveredFrom) < Date.parse(a.deliveredTo), {
    message: 'deliveredFrom must be before deliveredTo',
    path: ['deliveredTo'],
  });

export const variantSchema = z.strictObject({
  /** The variant's name in reports (`A`, `B`, `tips-v2`). */
  name: idText,
  /** Relative weight; shares are weight / sum of weights among non-hold-out recipients. */
  weight: z.number().positive().max(1_000_000),
  /** The template variant key under purpose `campaign` (`guide_push`, `delay_apology`, `survey`). */
  template: idText,
});

export const campaignDefinitionSchema = z
  .strictObject({
    id: idText,
    name: z.string().trim().min(1).max(200),
    audience: audienceSchema,
    variants: z.array(variantSchema).min(1).max(26),
    /** Share of the audience kept out as a control group and never messaged, 0 to 0.5. */
    holdoutShare: z.number().min(0).max(0.5).default(0),
    /** Force a channel; null sends on each customer's usual channel (architecture.md 5). */
    channel: z.enum(['sms', 'email']).nullable().default(null),
    messageClass: z.enum(['marketing', 'service', 'transactional']).default('marketing'),
    /** No message goes before this instant; null: as soon as the campaign is started. */
    startsAt: isoInstant.nullable().default(null),
    pacing: z.strictObject({ messagesPerSecond: z.number().positive().max(10_000) }),
  })
  .refine((d) => new Set(d.variants.map((v) => v.name)).size === d.variants.length, {
    message: 'variant names must be unique',
    path: ['variants'],
  });

/** What the operator writes (defaults may be left out). */
export type CampaignDefinitionInput = z.input<typeof campaignDefinitionSchema>;
/** What is stored and run. */
export type CampaignDefinition = z.output<typeof campaignDefinitionSchema>;
export type CampaignAudience = z.output<typeof audienceSchema>;
export type CampaignVariant = z.output<typeof variantSchema>;

export { assignRecipient, cohortPoint, type RecipientCohort } from './assignment';
