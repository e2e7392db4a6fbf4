import { audienceIdPage } from '../../db/repositories/campaign-audience';
import { assignRecipient } from '../../domain/campaign/assignment';
import type { CampaignDefinition } from '../../domain/campaign/definition';
import { measureSms } from '../../domain/sms-segments';
import { SAMPLE_VARIABLES } from '../../domain/templates/purposes';
import { pickLocale, renderMessage } from '../../domain/templates/render';
import { CATALOGS } from '../../templates';
import type { CampaignOperationsContext, CampaignPreview, MessageSample } from './operations';

const PREVIEW_PAGE = 5_000;

/**
 * A dry run: reads the audience (ids and locales only, page by page), assigns hold-out and variants with the same
 * hash the campaign will use, and renders one sample per variant and copy locale with sample names.
 */
export async function previewAudience(
  ctx: CampaignOperationsContext,
  definition: CampaignDefinition,
): Promise<CampaignPreview> {
  const { policy, shop } = ctx.config;
  const perVariant: Record<string, number> = Object.fromEntries(definition.variants.map((v) => [v.name, 0]));
  const perLocale: Record<string, number> = {};
  const perVariantLocale = new Map<string, number>();
  let audienceCount = 0;
  let holdoutCount = 0;
  for (let after: string | null = null; ;) {
    const page = await audienceIdPage(ctx.db, { filter: definition.audience }, after, PREVIEW_PAGE);
    for (const { id, locale } of page) {
      audienceCount += 1;
      const copyLocale = pickLocale(CATALOGS, locale, policy.localeFallback);
      perLocale[copyLocale] = (perLocale[copyLocale] ?? 0) + 1;
      const cohort = assignRecipient(definition.id, id, definition.holdoutShare, definition.variants);
      if (cohort.holdout) {
        holdoutCount += 1;
        continue;
      }
      perVariant[cohort.variant] = (perVariant[cohort.variant] ?? 0) + 1;
      const key = `${cohort.variant}\u0000${copyLocale}`;
      perVariantLocale.set(key, (perVariantLocale.get(key) ?? 0) + 1);
    }
    const last = page[page.length - 1];
    if (!last || page.length < PREVIEW_PAGE) break;
    after = last.id;
  }

  const samples: MessageSample[] = [];
  let estimatedSegmentsTotal = 0;
  for (const variant of definition.variants) {
    const locales =
      Object.keys(perLocale).length > 0 ? Object.keys(perLocale).sort() : [policy.localeFallback[0] ?? 'zh-CN'];
    for (const locale of locales) {
      const rendered = renderMessage(CATALOGS, policy.localeFallback, {
        purpose: 'campaign',
        locale,
        variant: variant.template,
        variables: { ...sampleVariables(locale), shopName: shop.name, supportContact: shop.supportContact },
      });
      const size = measureSms(rendered.sms);
      estimatedSegmentsTotal += size.segments * (perVariantLocale.get(`${variant.name}\u0000${locale}`) ?? 0);
      samples.push({
        variant: variant.name,
        locale,
        channel: definition.channel ?? 'sms',
        sms: rendered.sms,
        smsSegments: size.segments,
        smsEncoding: size.encoding,
        emailSubject: rendered.email.subject,
      });
    }
  }
  const messaged = audienceCount - holdoutCount;
  return {
    audienceCount,
    holdoutCount,
    perVariant,
    perLocale,
    samples,
    estimatedSegmentsTotal,
    estimatedDurationSeconds: Math.ceil(messaged / definition.pacing.messagesPerSecond),
  };
}

function sampleVariables(locale: string): Record<string, string> {
  return { ...(SAMPLE_VARIABLES[locale] ?? SAMPLE_VARIABLES.en ?? {}) };
}
