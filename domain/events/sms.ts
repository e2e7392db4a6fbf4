import { z } from 'zod';
import { phoneField, textField } from './fields';

/**
 * `sms.inbound` exists only in simulation traces, standing for a customer's SMS reply; in production replies arrive
 * through the Twilio webhook instead. 1,600 characters is the longest body Twilio delivers.
 */
export const smsInboundData = z.strictObject({
  from: phoneField,
  body: textField(1600, 'multi'),
});

export type SmsInboundData = z.output<typeof smsInboundData>;
