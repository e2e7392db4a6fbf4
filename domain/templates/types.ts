import type { CustomerPurpose, StaffAlertPurpose } from '../policy';

/**
 * Message copy as data. A template may use `{{variable}}` placeholders (declared per purpose in `purposes.ts`) and
 * `{{options}}`, which renders the purpose's reply menu in the recipient's language (with sealed reply links in email).
 */
export interface MessageCopy {
  readonly sms: string;
  readonly email: { readonly subject: string; readonly text: string; readonly html: string };
}

/** Copy for a purpose: the default wording, plus variants (exception reason, product category, campaign variant). */
export interface PurposeCopy extends MessageCopy {
  readonly variants?: Readonly<Record<string, Partial<MessageCopy>>>;
}

export interface StaffAlertCopy {
  readonly subject: string;
  readonly text: string;
}

/** What a reply option is called in one language, e.g. `{ 1: '催促快递' }`. */
export type OptionLabels = Readonly<Record<number, string>>;

export interface LocaleCatalog {
  readonly locale: string;
  readonly messages: Readonly<Record<CustomerPurpose, PurposeCopy>>;
  readonly staffAlerts: Readonly<Record<StaffAlertPurpose, StaffAlertCopy>>;
  readonly menus: Readonly<Record<MenuName, MenuCopy>>;
}

/**
 * How a reply menu reads. `sms` may use `{{items}}` (each option as `<choice> <label>`, joined by `separator`);
 * email shows `emailIntro` followed by one line (or link) per option.
 */
export interface MenuCopy {
  readonly labels: OptionLabels;
  readonly separator: string;
  readonly sms: string;
  readonly emailIntro: string;
}

/** The reply menus a message can offer. */
export type MenuName = 'stall' | 'csat';
