import type { CampaignDefinitionInput } from '../../domain/campaign/definition';
import { positiveNumber, shareBetween0And1, UsageError } from '../parse-options';
import { idsFromCsv } from './id-csv';

/** `notify campaign create`'s flags, as commander hands them over (repeatable ones as arrays). */
export interface DefinitionOptions {
  readonly file?: string;
  readonly id?: string;
  readonly name?: string;
  readonly template?: string;
  readonly variant?: readonly string[];
  readonly holdout?: string;
  readonly channel?: 'sms' | 'email';
  readonly class?: 'marketing' | 'service' | 'transactional';
  readonly startsAt?: string;
  readonly rate?: string;
  readonly sku?: readonly string[];
  readonly category?: readonly string[];
  readonly deliveredFrom?: string;
  readonly deliveredTo?: string;
  readonly carrier?: readonly string[];
  readonly locale?: readonly string[];
  readonly customersCsv?: string;
  readonly ordersCsv?: string;
}

/** Everything but `--file` that describes the campaign: with `--file`, none of these may be given. */
const DEFINITION_FLAGS: readonly (keyof DefinitionOptions)[] = [
  'id',
  'name',
  'template',
  'variant',
  'holdout',
  'channel',
  'class',
  'startsAt',
  'rate',
  'sku',
  'category',
  'deliveredFrom',
  'deliveredTo',
  'carrier',
  'locale',
  'customersCsv',
  'ordersCsv',
];

/**
 * Flags (or `--file def.json`) → the definition the operations validate. Only the shape of the command line is
 * checked here (conflicts, missing essentials, numbers, files); the operations validate the definition itself.
 */
export function definitionFromOptions(
  options: DefinitionOptions,
  readText: (file: string) => string,
): CampaignDefinitionInput {
  const given = DEFINITION_FLAGS.filter((flag) => options[flag] !== undefined).map(flagName);
  if (options.file !== undefined) {
    if (given.length > 0) throw new UsageError(`--file describes the whole campaign; drop ${given.join(', ')}`);
    return parseJsonFile(options.file, readText);
  }
  if (options.name === undefined) throw new UsageError('--name is required (or give --file def.json)');
  if (options.rate === undefined) {
    throw new UsageError('--rate is required: messages per second, at most what the SMS provider allows');
  }
  return {
    id: options.id ?? idFromName(options.name),
    name: options.name,
    audience: audienceFromOptions(options, readText),
    variants: variantsFromOptions(options),
    ...(options.holdout === undefined ? {} : { holdoutShare: shareBetween0And1('--holdout', options.holdout) }),
    ...(options.channel === undefined ? {} : { channel: options.channel }),
    ...(options.class === undefined ? {} : { messageClass: options.class }),
    ...(options.startsAt === undefined ? {} : { startsAt: instant('--starts-at', options.startsAt) }),
    pacing: { messagesPerSecond: positiveNumber('--rate', options.rate) },
  };
}

function audienceFromOptions(
  options: DefinitionOptions,
  readText: (file: string) => string,
): CampaignDefinitionInput['audience'] {
  const list = (values: readonly string[] | undefined) => {
    const items = values
      ?.flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v !== '');
    return items && items.length > 0 ? items : undefined;
  };
  const csv = (flag: string, file: string | undefined) => {
    if (file === undefined) return undefined;
    const ids = idsFromCsv(readFileText(flag, file, readText));
    if (ids.length === 0) throw new UsageError(`${flag} ${file}: no ids in the file`);
    return ids;
  };
  const audience = {
    skus: list(options.sku),
    categories: list(options.category),
    deliveredFrom: options.deliveredFrom === undefined ? undefined : instant('--delivered-from', options.deliveredFrom),
    deliveredTo: options.deliveredTo === undefined ? undefined : instant('--delivered-to', options.deliveredTo),
    carriers: list(options.carrier),
    locales: list(options.locale),
    customerIds: csv('--customers-csv', options.customersCsv),
    orderIds: csv('--orders-csv', options.ordersCsv),
  };
  const present = Object.fromEntries(Object.entries(audience).filter(([, v]) => v !== undefined));
  if (Object.keys(present).length === 0) {
    throw new UsageError(
      'choose an audience: --sku, --category, --delivered-from/--delivered-to, --carrier, --locale, ' +
        '--customers-csv or --orders-csv',
    );
  }
  return present;
}

/** `--template KEY` is one variant `A` at weight 1; `--variant name:weight:templateKey`, repeated, is an A/B test. */
function variantsFromOptions(options: DefinitionOptions): CampaignDefinitionInput['variants'] {
  if (options.template !== undefined && options.variant !== undefined) {
    throw new UsageError('give --template (one variant) or --variant (several), not both');
  }
  if (options.template !== undefined) return [{ name: 'A', weight: 1, template: options.template }];
  if (options.variant === undefined) {
    throw new UsageError('--template KEY, or --variant name:weight:templateKey for each variant, is required');
  }
  return options.variant.map((text) => {
    const parts = text.split(':');
    const [name, weight, template] = parts;
    if (parts.length !== 3 || !name || !weight || !template) {
      throw new UsageError(`--variant ${JSON.stringify(text)}: expected name:weight:templateKey, e.g. A:1:guide_push`);
    }
    return { name, weight: positiveNumber(`--variant ${name} weight`, weight), template };
  });
}

/**
 * A readable default id: the name's letters and digits, lower-cased and hyphenated, so running the same create
 * twice finds the stored campaign instead of making a second one.
 */
export function idFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  if (slug === '') throw new UsageError(`--id is required: no id can be derived from the name ${JSON.stringify(name)}`);
  return slug;
}

function instant(flag: string, value: string): string {
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ||
    Number.isNaN(Date.parse(value))
  ) {
    throw new UsageError(`${flag} must be an ISO-8601 time with an offset, e.g. 2026-03-10T09:00:00+08:00`);
  }
  return value;
}

function parseJsonFile(file: string, readText: (file: string) => string): CampaignDefinitionInput {
  const text = readFileText('--file', file, readText);
  try {
    return JSON.parse(text) as CampaignDefinitionInput;
  } catch (err) {
    throw new UsageError(`--file ${file}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

function readFileText(flag: string, file: string, readText: (file: string) => string): string {
  try {
    return readText(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : String(err)}`);
  }
}

function flagName(option: keyof DefinitionOptions): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
