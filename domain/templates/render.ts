import type { CustomerPurpose, StaffAlertPurpose } from '../policy';
import { PURPOSES } from './purposes';
import type { LocaleCatalog, MenuCopy, MessageCopy } from './types';

export type TemplateErrorReason = 'no_catalog' | 'missing_variable';

export class TemplateError extends Error {
  constructor(
    readonly reason: TemplateErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

export type Catalogs = Readonly<Record<string, LocaleCatalog>>;

export interface RenderRequest {
  readonly purpose: CustomerPurpose;
  /** The customer's locale; falls back through `fallback` (architecture.md 6.3: → zh-CN → en). */
  readonly locale: string | null | undefined;
  readonly variant?: string;
  readonly variables: Readonly<Record<string, string>>;
  /** Signed reply links for email prompts, by option number. */
  readonly optionLinks?: Readonly<Record<number, string>>;
}

export interface RenderedMessage {
  readonly locale: string;
  readonly sms: string;
  readonly email: { readonly subject: string; readonly text: string; readonly html: string };
}

/** The first locale we have copy for: the customer's own (exact, then its language), then the fallbacks in order. */
export function pickLocale(
  catalogs: Catalogs,
  preferred: string | null | undefined,
  fallback: readonly string[],
): string {
  const candidates = preferred ? [preferred, preferred.split('-')[0] as string, ...fallback] : [...fallback];
  const found = candidates.find((locale) => catalogs[locale] !== undefined);
  if (!found)
    throw new TemplateError('no_catalog', `no copy for locale ${preferred ?? '(none)'} or ${fallback.join(', ')}`);
  return found;
}

export function renderMessage(
  catalogs: Catalogs,
  fallback: readonly string[],
  request: RenderRequest,
): RenderedMessage {
  const locale = pickLocale(catalogs, request.locale, fallback);
  const catalog = catalogs[locale] as LocaleCatalog;
  const copy = withVariant(catalog.messages[request.purpose], request.variant);
  const spec = PURPOSES[request.purpose];
  const menu = spec.menu ? catalog.menus[spec.menu] : undefined;
  const vars = request.variables;
  const fill = (text: string, escape: (s: string) => string, options: string) =>
    fillPlaceholders(text, { ...mapValues(vars, escape), options }, `${request.purpose} (${locale})`);
  return {
    locale,
    sms: fill(copy.sms, identity, menu ? smsMenu(menu) : ''),
    email: {
      subject: fill(copy.email.subject, identity, ''),
      text: fill(copy.email.text, identity, menu ? textMenu(menu, request.optionLinks) : ''),
      html: fill(copy.email.html, escapeHtml, menu ? htmlMenu(menu, request.optionLinks) : ''),
    },
  };
}

export interface RenderedAlert {
  readonly subject: string;
  readonly text: string;
}

export function renderStaffAlert(
  catalog: LocaleCatalog,
  purpose: StaffAlertPurpose,
  variables: Readonly<Record<string, string>>,
): RenderedAlert {
  const copy = catalog.staffAlerts[purpose];
  const where = `${purpose} (${catalog.locale})`;
  return {
    subject: fillPlaceholders(copy.subject, variables, where),
    text: fillPlaceholders(copy.text, variables, where),
  };
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** Names used by a template, for the template check. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

export function fillPlaceholders(text: string, vars: Readonly<Record<string, string>>, where: string): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new TemplateError('missing_variable', `${where}: no value for {{${name}}}`);
    return value;
  });
}

/** A variant replaces the parts it defines (a reason-specific SMS, a category's guide) and keeps the rest. */
function withVariant(
  copy: MessageCopy & { variants?: Readonly<Record<string, Partial<MessageCopy>>> },
  variant?: string,
) {
  const overlay = variant ? copy.variants?.[variant] : undefined;
  return { sms: overlay?.sms ?? copy.sms, email: overlay?.email ?? copy.email };
}

function items(menu: MenuCopy): [number, string][] {
  return Object.entries(menu.labels).map(([choice, label]) => [Number(choice), label]);
}

function smsMenu(menu: MenuCopy): string {
  const list = items(menu)
    .map(([choice, label]) => `${choice} ${label}`)
    .join(menu.separator);
  return menu.sms.replace('{{items}}', list);
}

function textMenu(menu: MenuCopy, links?: Readonly<Record<number, string>>): string {
  const lines = items(menu).map(
    ([choice, label]) => `  ${choice}  ${label}${links?.[choice] ? `: ${links[choice]}` : ''}`,
  );
  return [menu.emailIntro, ...lines].join('\n');
}

function htmlMenu(menu: MenuCopy, links?: Readonly<Record<number, string>>): string {
  const lis = items(menu).map(([choice, label]) => {
    const text = `${choice} ${escapeHtml(label)}`;
    const link = links?.[choice];
    return link ? `<li><a href="${escapeHtml(link)}">${text}</a></li>` : `<li>${text}</li>`;
  });
  return `<p>${escapeHtml(menu.emailIntro)}</p><ul>${lis.join('')}</ul>`;
}

function identity(text: string): string {
  return text;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function mapValues(vars: Readonly<Record<string, string>>, fn: (s: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, fn(v)]));
}
