import type { Config } from '../../config/config';
import { pickLocale, renderMessage } from '../../domain/templates/render';
import { CATALOGS } from '../../templates';

/**
 * The SMS text answering a keyword, in the customer's language. Opt-out and help use the shop's catalogue copy
 * (`optout.confirm`, `help.info`); the catalogue has no purpose for re-subscribing, so its two lines live here.
 */
const OPT_IN_COPY: Readonly<Record<string, (shopName: string) => string>> = {
  'zh-CN': (shop) => `【${shop}】您已重新订阅短信通知。回复T退订。`,
  en: (shop) => `${shop}: You're subscribed to our texts again. Reply STOP to unsubscribe.`,
};

export type KeywordAnswer = 'optout.confirm' | 'help.info' | 'optin.confirm';

export function keywordReplyText(config: Config, answer: KeywordAnswer, locale: string | null): string {
  const fallback = config.policy.localeFallback;
  const { name: shopName, supportContact } = config.shop;
  if (answer === 'optin.confirm') {
    const chosen = pickLocale(OPT_IN_COPY as never, locale, fallback);
    return (OPT_IN_COPY[chosen] as (shop: string) => string)(shopName);
  }
  return renderMessage(CATALOGS, fallback, {
    purpose: answer,
    locale,
    variables: { shopName, supportContact, customerName: '' },
  }).sms;
}
