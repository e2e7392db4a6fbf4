import type { LinkChoiceCheck } from './check-link-choice';
import { choiceForm } from './choice-form';
import type { LinkChoiceOutcome } from './record-link-choice';

interface PageCopy {
  readonly lang: 'zh-CN' | 'en';
  readonly recorded: string;
  readonly already: string;
  readonly expired: string;
  readonly invalid: string;
  readonly confirm: string;
  readonly others: string;
  readonly pick: string;
}

const COPY: Readonly<Record<'zh-CN' | 'en', PageCopy>> = {
  'zh-CN': {
    lang: 'zh-CN',
    recorded: '已收到您的选择，谢谢！我们会尽快处理。',
    already: '我们已经收到您的这个选择，无需重复提交。',
    expired: '此链接已过期，本次选择未被记录。如需帮助，请直接联系客服。',
    invalid: '此链接无效，本次选择未被记录。如需帮助，请直接联系客服。',
    confirm: '请点击下方按钮确认您的选择：',
    others: '或者改选：',
    pick: '请点击下方按钮选择：',
  },
  en: {
    lang: 'en',
    recorded: 'Thank you, we have your answer and will act on it shortly.',
    already: 'We already have this answer from you; there is no need to send it again.',
    expired: 'This link has expired, so nothing was recorded. Please contact us directly if you need help.',
    invalid: 'This link is not valid, so nothing was recorded. Please contact us directly if you need help.',
    confirm: 'Please confirm your answer with the button below:',
    others: 'Or choose another:',
    pick: 'Please choose with one of the buttons below:',
  },
};

/**
 * The page a reply link answers, in the customer's language (the prompt's locale; both languages when the prompt is
 * unknown): on `GET` a form whose button posts the choice, on `POST` whether it was recorded; for a link that is not
 * valid or has expired, that nothing was recorded.
 */
export function confirmationPage(outcome: LinkChoiceOutcome | LinkChoiceCheck): {
  readonly status: number;
  readonly html: string;
} {
  const status = outcome.status === 'invalid' ? 400 : outcome.status === 'expired' ? 410 : 200;
  const section = (copy: PageCopy): string => {
    switch (outcome.status) {
      case 'to_confirm':
        return choiceForm(copy.lang, outcome.purpose, outcome.choice, copy);
      case 'recorded':
        return `<p lang="${copy.lang}">${copy.recorded}</p>`;
      case 'already_recorded':
        return `<p lang="${copy.lang}">${copy.already}</p>`;
      default:
        return `<p lang="${copy.lang}">${copy[outcome.status]}</p>`;
    }
  };
  const languages =
    outcome.locale === null ? [COPY['zh-CN'], COPY.en] : [outcome.locale.startsWith('zh') ? COPY['zh-CN'] : COPY.en];
  const lang = (languages[0] as PageCopy).lang;
  const html =
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>notify</title></head>` +
    `<body>${languages.map(section).join('')}</body></html>`;
  return { status, html };
}
