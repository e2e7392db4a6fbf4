import type { CampaignPreview } from '../campaign/operations';
import type { CampaignAudience, CampaignDefinition } from '../../domain/campaign/definition';
import type { Palette } from '../output/colour';
import { renderTable } from '../output/table';
import { renderFields } from '../views/fields';
import { formatSeconds, count } from './numbers';

export interface PreviewViewOptions {
  readonly style: Palette;
  /** The configured SMS segment budget: samples over it are flagged. */
  readonly segmentBudget: number;
}

/** `campaign create --dry-run`: who would get what, and what it costs, before anything is stored or sent. */
export function renderPreview(
  definition: CampaignDefinition,
  preview: CampaignPreview,
  options: PreviewViewOptions,
): string {
  const { style } = options;
  const rate = definition.pacing.messagesPerSecond;
  const holdoutPercent = preview.audienceCount > 0 ? (100 * preview.holdoutCount) / preview.audienceCount : 0;
  const header =
    `${style.bold(`Dry run: campaign ${definition.id}`)} (${definition.name}) ` +
    style.dim('nothing stored, nothing sent');
  const fields = renderFields(
    [
      ['audience', `${count(preview.audienceCount)} customers (${describeAudience(definition.audience)})`],
      ['hold-out', `${count(preview.holdoutCount)} (${holdoutPercent.toFixed(1)} %; share ${definition.holdoutShare})`],
      [
        'variants',
        definition.variants.map(
          (v) =>
            `${v.name}: ${count(preview.perVariant[v.name] ?? 0)} (weight ${v.weight}, template campaign/${v.template})`,
        ),
      ],
      ['locales', Object.entries(preview.perLocale).map(([locale, n]) => `${locale}: ${count(n)}`)],
      ['channel', definition.channel ?? "each customer's usual channel"],
      ['class', definition.messageClass],
      ['starts', definition.startsAt ?? 'when started'],
      ['SMS segments', `${count(preview.estimatedSegmentsTotal)} in total if every message went by SMS`],
      [
        'duration',
        `${formatSeconds(preview.estimatedDurationSeconds)} at ${rate} message${rate === 1 ? '' : 's'}/s ` +
          '(send windows not counted)',
      ],
    ],
    style.dim,
  );
  const table = renderTable(
    [
      { header: 'variant' },
      { header: 'locale' },
      { header: 'channel' },
      { header: 'SMS segments', align: 'right' },
      { header: 'encoding' },
    ],
    preview.samples.map((s) => [
      s.variant,
      s.locale,
      s.channel,
      s.smsSegments > options.segmentBudget
        ? style.yellow(`${s.smsSegments} (over ${options.segmentBudget})`)
        : String(s.smsSegments),
      s.smsEncoding,
    ]),
    style,
  );
  const samples = preview.samples.map(
    (s) =>
      `${style.bold(`${s.variant} · ${s.locale}`)}\n` +
      `  SMS:   ${s.sms.replace(/\n/g, '\n         ')}\n` +
      `  email: ${s.emailSubject}`,
  );
  return `${header}\n${fields}\n\n${style.bold('Samples')}\n${table}\n${samples.join('\n\n')}\n`;
}

function describeAudience(audience: CampaignAudience): string {
  const parts: string[] = [];
  if (audience.skus) parts.push(`SKU ${audience.skus.join(', ')}`);
  if (audience.categories) parts.push(`category ${audience.categories.join(', ')}`);
  if (audience.deliveredFrom || audience.deliveredTo) {
    parts.push(`delivered ${audience.deliveredFrom ?? '…'} to ${audience.deliveredTo ?? '…'}`);
  }
  if (audience.carriers) parts.push(`carrier ${audience.carriers.join(', ')}`);
  if (audience.locales) parts.push(`locale ${audience.locales.join(', ')}`);
  if (audience.customerIds) parts.push(`${count(audience.customerIds.length)} listed customers`);
  if (audience.orderIds) parts.push(`customers of ${count(audience.orderIds.length)} listed orders`);
  return parts.join('; ');
}
