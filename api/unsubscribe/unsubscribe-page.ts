import type { UnsubscribeOutcome } from './record-unsubscribe';

interface PageCopy {
  readonly lang: string;
  readonly done: string;
  readonly invalid: string;
  readonly expired: string;
  readonly confirm: string;
  readonly button: string;
}

const COPY: Readonly<Record<'zh-CN' | 'en', PageCopy>> = {
  'zh-CN': {
    lang: 'zh-CN',
    done: '您已成功退订，此邮箱今后不会再收到我们的邮件。',
    invalid: '此退订链接无效，未做任何更改。如需退订，请直接联系客服。',
    expired: '此退订链接已过期，未做任何更改。如需退订，请使用最近一封邮件中的退订链接，或直接联系客服。',
    confirm: '确认后，此邮箱将不再收到我们的营销邮件及其他邮件；订单相关通知会改用短信（如有手机号）。',
    button: '确认退订',
  },
  en: {
    lang: 'en',
    done: 'You are unsubscribed: this address will not receive email from us again.',
    invalid: 'This unsubscribe link is not valid, so nothing was changed. Please contact us directly to unsubscribe.',
    expired:
      'This unsubscribe link has expired, so nothing was changed. Please use the link in a more recent email from us, or contact us directly.',
    confirm:
      'Once you confirm, this address will not receive email from us again; order updates will come by SMS if we have your number.',
    button: 'Unsubscribe',
  },
};

/** The confirmation form posts back to the same URL, as a mail client's one-click would. */
function paragraph(copy: PageCopy, outcome: UnsubscribeOutcome): string {
  if (outcome.status === 'invalid' || outcome.status === 'expired') {
    return `<p lang="${copy.lang}">${copy[outcome.status]}</p>`;
  }
  if (outcome.status !== 'to_confirm') return `<p lang="${copy.lang}">${copy.done}</p>`;
  return (
    `<form method="post" lang="${copy.lang}"><p>${copy.confirm}</p>` +
    `<input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${copy.button}</button></form>`
  );
}

/**
 * A short page in the customer's language; both languages when the link is not valid (the customer is unknown).
 * A second visit reads like the first: the customer wants to know they are unsubscribed, not how often they asked.
 */
export function unsubscribePage(outcome: UnsubscribeOutcome): { readonly status: number; readonly html: string } {
  const status = outcome.status === 'invalid' ? 400 : outcome.status === 'expired' ? 410 : 200;
  const languages =
    outcome.locale === null ? [COPY['zh-CN'], COPY.en] : [outcome.locale.startsWith('zh') ? COPY['zh-CN'] : COPY.en];
  const lang = (languages[0] as PageCopy).lang;
  const paragraphs = languages.map((copy) => paragraph(copy, outcome)).join('');
  const html =
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>notify</title></head>` +
    `<body>${paragraphs}</body></html>`;
  return { status, html };
}
