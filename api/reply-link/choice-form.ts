import { PURPOSES, type PurposeSpec } from '../../domain/templates/purposes';
import { CATALOGS } from '../../templates';

/**
 * The form on a reply link's page: one submit button per menu option, the one the link was for first and focused,
 * posting `choice=<n>` back to the link's own URL. Offering the others too lets a customer who clicked the wrong line
 * correct it without going back to the mail.
 */
export function choiceForm(
  lang: 'zh-CN' | 'en',
  purpose: string,
  chosen: number | null,
  copy: { readonly confirm: string; readonly others: string; readonly pick: string },
): string {
  const spec = (PURPOSES as Readonly<Record<string, PurposeSpec | undefined>>)[purpose];
  const menu = spec?.menu ? CATALOGS[lang]?.menus[spec.menu] : undefined;
  const options = Object.entries(menu?.labels ?? {}).map(([choice, label]) => ({ choice: Number(choice), label }));
  const button = (option: { choice: number; label: string }, focus: boolean) =>
    `<p><button type="submit" name="choice" value="${option.choice}"${focus ? ' autofocus' : ''}>` +
    `${option.choice} ${option.label}</button></p>`;
  const first = options.find((option) => option.choice === chosen);
  const rest = options.filter((option) => option !== first);
  const body = first
    ? `<p>${copy.confirm}</p>${button(first, true)}${rest.length > 0 ? `<p>${copy.others}</p>` : ''}` +
      rest.map((option) => button(option, false)).join('')
    : `<p>${copy.pick}</p>${options.map((option) => button(option, false)).join('')}`;
  return `<form method="post" lang="${lang}">${body}</form>`;
}
