import type { CustomerPurpose } from '../policy';
import { measureSms } from '../sms-segments';
import { PURPOSES, SAMPLE_ALERT_VARIABLES, SAMPLE_VARIABLES, STAFF_ALERTS } from './purposes';
import { type Catalogs, placeholdersOf, renderMessage, renderStaffAlert } from './render';
import type { LocaleCatalog, MessageCopy } from './types';

/**
 * The template check (`notify templates check`, also a test): every purpose in every locale, variables that resolve,
 * SMS within the segment budget, menus that list their options, opt-out wording on marketing SMS, and none of the
 * pressure wording below. Copy is data edited by people; this is what keeps it safe to edit.
 */

/** Words that push instead of offer. Kept deliberately broad: a false alarm costs a rewording, not a customer. */
export const PRESSURE_WORDING: Readonly<Record<string, readonly string[]>> = {
  'zh-CN': [
    '立即',
    '马上',
    '赶紧',
    '赶快',
    '最后机会',
    '仅限今天',
    '限时',
    '否则',
    '必须',
    '最后通知',
    '过期作废',
    '倒计时',
  ],
  en: [
    'act now',
    'hurry',
    'last chance',
    'only today',
    'today only',
    'limited time',
    'final notice',
    'immediately',
    'must ',
    'or else',
    'expires',
    'urgent',
    "don't miss",
  ],
};

export interface TemplateProblem {
  readonly locale: string;
  readonly purpose: string;
  readonly variant?: string;
  readonly message: string;
}

export interface SmsBudgetRow {
  readonly locale: string;
  readonly purpose: CustomerPurpose;
  readonly variant?: string;
  readonly segments: number;
  readonly units: number;
  readonly encoding: string;
}

export interface CheckReport {
  readonly problems: readonly TemplateProblem[];
  readonly sms: readonly SmsBudgetRow[];
}

export function checkTemplates(catalogs: Catalogs, options: { segmentBudget: number }): CheckReport {
  const problems: TemplateProblem[] = [];
  const sms: SmsBudgetRow[] = [];
  for (const [locale, catalog] of Object.entries(catalogs)) {
    for (const purpose of Object.keys(PURPOSES) as CustomerPurpose[]) {
      checkPurpose(locale, catalog, purpose, options.segmentBudget, problems, sms);
    }
    checkAlerts(locale, catalog, problems);
  }
  return { problems, sms };
}

function checkPurpose(
  locale: string,
  catalog: LocaleCatalog,
  purpose: CustomerPurpose,
  budget: number,
  problems: TemplateProblem[],
  rows: SmsBudgetRow[],
): void {
  const copy = catalog.messages[purpose];
  const spec = PURPOSES[purpose];
  if (!copy) {
    problems.push({ locale, purpose, message: 'no copy for this purpose' });
    return;
  }
  for (const variant of spec.requiredVariants ?? []) {
    if (!copy.variants?.[variant]) problems.push({ locale, purpose, variant, message: 'required variant is missing' });
  }
  const versions: [string | undefined, Partial<MessageCopy>][] = [
    [undefined, copy],
    ...Object.entries(copy.variants ?? {}),
  ];
  const allowed = new Set([...spec.variables, 'options']);
  for (const [variant, version] of versions) {
    const texts = [version.sms, version.email?.subject, version.email?.text, version.email?.html];
    for (const text of texts) {
      for (const name of placeholdersOf(text ?? '')) {
        if (!allowed.has(name)) problems.push({ locale, purpose, variant, message: `unknown variable {{${name}}}` });
      }
      for (const word of PRESSURE_WORDING[locale] ?? []) {
        if ((text ?? '').toLowerCase().includes(word)) {
          problems.push({ locale, purpose, variant, message: `pressure wording: "${word.trim()}"` });
        }
      }
    }
    if (spec.menu && version.sms !== undefined && !version.sms.includes('{{options}}')) {
      problems.push({ locale, purpose, variant, message: 'the SMS offers no options ({{options}} is missing)' });
    }
    if (spec.menu && version.email && !version.email.text.includes('{{options}}')) {
      problems.push({ locale, purpose, variant, message: 'the email offers no options ({{options}} is missing)' });
    }
    renderSample(locale, catalog, purpose, variant, budget, problems, rows);
  }
}

function renderSample(
  locale: string,
  catalog: LocaleCatalog,
  purpose: CustomerPurpose,
  variant: string | undefined,
  budget: number,
  problems: TemplateProblem[],
  rows: SmsBudgetRow[],
): void {
  const spec = PURPOSES[purpose];
  const variables = SAMPLE_VARIABLES[locale] ?? SAMPLE_VARIABLES['en'] ?? {};
  try {
    const rendered = renderMessage({ [locale]: catalog }, [locale], {
      purpose,
      locale,
      variant,
      variables,
      optionLinks: { 1: 'https://notify.example.com/v1/reply/t?choice=1' },
    });
    const size = measureSms(rendered.sms);
    rows.push({ locale, purpose, variant, segments: size.segments, units: size.units, encoding: size.encoding });
    if (size.segments > budget) {
      problems.push({
        locale,
        purpose,
        variant,
        message: `SMS takes ${size.segments} segments (${size.units} ${size.encoding} units), budget is ${budget}`,
      });
    }
    if (locale === 'en' && size.encoding !== 'GSM-7') {
      problems.push({ locale, purpose, variant, message: 'English SMS uses characters outside GSM-7' });
    }
    if (spec.menu === 'stall' && !['1', '2', '3'].every((choice) => rendered.sms.includes(choice))) {
      problems.push({ locale, purpose, variant, message: 'the SMS does not list options 1, 2 and 3' });
    }
    if (purpose === 'campaign' && !/STOP|退订/.test(rendered.sms)) {
      problems.push({ locale, purpose, variant, message: 'marketing SMS must say how to opt out' });
    }
  } catch (err) {
    problems.push({ locale, purpose, variant, message: (err as Error).message });
  }
}

function checkAlerts(locale: string, catalog: LocaleCatalog, problems: TemplateProblem[]): void {
  for (const [purpose, spec] of Object.entries(STAFF_ALERTS) as [
    keyof typeof STAFF_ALERTS,
    (typeof STAFF_ALERTS)[keyof typeof STAFF_ALERTS],
  ][]) {
    const copy = catalog.staffAlerts[purpose];
    if (!copy) {
      problems.push({ locale, purpose, message: 'no copy for this staff alert' });
      continue;
    }
    for (const name of [...placeholdersOf(copy.subject), ...placeholdersOf(copy.text)]) {
      if (!spec.variables.includes(name)) problems.push({ locale, purpose, message: `unknown variable {{${name}}}` });
    }
    try {
      renderStaffAlert(catalog, purpose, SAMPLE_ALERT_VARIABLES);
    } catch (err) {
      problems.push({ locale, purpose, message: (err as Error).message });
    }
  }
}
