import { z } from 'zod';
import { emailField, idField, localeField, phoneField, textField, timezoneField } from './fields';

export const PREFERRED_CHANNELS = ['sms', 'email'] as const;
export type PreferredChannel = (typeof PREFERRED_CHANNELS)[number];

/**
 * A customer's contact record. Phone and email are each optional, but one of them must be there: a customer with
 * neither cannot be told anything. The time zone may be left out (the store's default applies, architecture.md 6.3);
 * a zone that is given must be a real one.
 */
export const customerUpsertedData = z
  .strictObject({
    customerId: idField(),
    name: textField(200),
    phone: phoneField.optional(),
    email: emailField.optional(),
    locale: localeField,
    timezone: timezoneField.optional(),
    preferredChannel: z.enum(PREFERRED_CHANNELS),
    consents: z.strictObject({ marketing: z.boolean() }),
  })
  .superRefine((data, ctx) => {
    if (data.phone === undefined && data.email === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'a customer needs a phone or an email; neither was given',
      });
    }
  });

export type CustomerUpsertedData = z.output<typeof customerUpsertedData>;
