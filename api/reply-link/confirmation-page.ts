import type { LinkChoiceOutcome } from './record-link-choice';

interface PageCopy {
  readonly lang: string;
  readonly recorded: string;
  readonly already: string;
  readonly expired: string;
  readonly invalid: string;
}

const COPY: Readonly<Record<'zh-CN' | 'en', PageCopy>> = {
  'zh-CN': {
    lang: 'zh-CN',
    recorded: '已收到您的选择，谢谢！我们会尽快处理。',
    already: '我们已经收到您的这个选择，无需重复提交。',
    expired: '此链接已过期，本次选择未被记录。如需帮助，请直接联系客服。',
    invalid: '此链接无效，本次选择未被记录。如需帮助，请直接联系客服。',
  },
  en: {
    lang: 'en',
    recorded: 'Thank you, we have your answer and will act on it shortly.',
    already: 'We already have this answer from you; there is no need to send it again.',
    expired: 'This link has expired, so nothing was recorded. Please contact us directly if you need help.',
    invalid: 'This link is not valid, so nothing was recorded. Please contact us directly if you need help.',
  },
};

/** A short page in the customer's language (the prompt's locale); both languages when the prompt is unknown. */
export function confirmationPage(outcome: LinkChoiceOutcome): { readonly status: number; readonly html: string } {
  const status = outcome.status === 'invalid' ? 400 : outcome.status === 'expired' ? 410 : 200;
  const pick = (copy: PageCopy) =>
    outcome.status === 'recorded'
      ? copy.recorded
      : outcome.status === 'already_recorded'
        ? copy.already
        : copy[outcome.status];
  const languages =
    outcome.locale === null ? [COPY['zh-CN'], COPY.en] : [outcome.locale.startsWith('zh') ? COPY['zh-CN'] : COPY.en];
  const lang = languages.length === 1 ? (languages[0] as PageCopy).lang : 'zh-CN';
  const paragraphs = languages.map((copy) => `<p lang="${copy.lang}">${pick(copy)}</p>`).join('');
  const html =
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>notify</title></head>` +
    `<body>${paragraphs}</body></html>`;
  return { status, html };
}
