import { z } from 'zod';
import { idField, localeField, looseTextField, textField } from './fields';

export const PREFERRED_CHANNELS = ['sms', 'email'] as const;
export type PreferredChannel = (typeof PREFERRED_CHANNELS)[number];

/**
 * A customer's contact record. Phone and email are each optional, but one of them must be given: a customer with
 * neither cannot be told anything. The time zone may be left out (the store's default applies, architecture.md 6.3).
 * Phone, email and zone are only checked for shape here: an unusable one is dropped with a warning after parsing
 * (droppable.ts), so the rest of the record is kept.
 */
export const customerUpsertedData = z
  .strictObject({
    customerId: idField(),
    name: textField(200),
    phone: looseTextField(64).optional(),
    email: looseTextField(254).optional(),
    locale: localeField,
    timezone: looseTextField(64).optional(),
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
