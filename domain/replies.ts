/**
 * Understanding what a customer texted back (architecture.md 6.4). Pure: the API classifies an inbound SMS with it,
 * and workflows use it to read a reply to a menu. Matching is case- and width-insensitive (full-width ２ and ＳＴＯＰ
 * are the same as 2 and STOP) and ignores surrounding punctuation and whitespace.
 */

/** Folds width and case, trims whitespace and the punctuation people wrap short replies in. */
export function normaliseReply(body: string): string {
  return body
    .normalize('NFKC')
    .trim()
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .toUpperCase();
}

const OPT_OUT = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
  '退订',
  'TD',
  'T',
]);
const HELP = new Set(['HELP', 'INFO']);
const OPT_IN = new Set(['START', 'UNSTOP']);

export type InboundKind = 'opt_out' | 'help' | 'opt_in' | 'reply';

/** Keywords win over menu answers: "STOP" always stops, whatever prompt is open. */
export function classifyInbound(body: string): InboundKind {
  const word = normaliseReply(body);
  if (OPT_OUT.has(word)) return 'opt_out';
  if (HELP.has(word)) return 'help';
  if (OPT_IN.has(word)) return 'opt_in';
  return 'reply';
}

export interface MenuOption<A extends string = string> {
  readonly choice: number;
  readonly action: A;
  /** Extra words that mean this option, besides its number (already in normalised form). */
  readonly keywords: readonly string[];
}

const CHINESE_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** The option a reply picks, or undefined when it is not recognisable as one. */
export function parseMenuReply<A extends string>(
  body: string,
  options: readonly MenuOption<A>[],
): MenuOption<A> | undefined {
  const word = normaliseReply(body);
  if (word === '') return undefined;
  return options.find(
    (option) =>
      word === String(option.choice) || word === CHINESE_NUMERALS[option.choice] || option.keywords.includes(word),
  );
}

export type StallAction = 'chase' | 'reship_or_refund' | 'talk_to_person';

/** The menu every stall, exception and late-delivery notice offers. */
export const STALL_MENU: readonly MenuOption<StallAction>[] = [
  { choice: 1, action: 'chase', keywords: ['催', '催件', '催一下', 'CHASE'] },
  { choice: 2, action: 'reship_or_refund', keywords: ['补发', '退款', 'RESHIP', 'REFUND'] },
  { choice: 3, action: 'talk_to_person', keywords: ['人工', '客服', 'AGENT', 'HUMAN'] },
];

/** A 1–5 satisfaction score: `4`, `４`, `四`, `4分`, `4 stars`; undefined for anything else. */
export function parseScore(body: string): number | undefined {
  const word = normaliseReply(body).replace(/\s*(分|星|STARS?)$/u, '');
  const digit = /^[1-5]$/.test(word) ? Number(word) : CHINESE_NUMERALS.indexOf(word);
  return digit >= 1 && digit <= 5 ? digit : undefined;
}
