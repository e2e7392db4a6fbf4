import { createHmac } from 'node:crypto';

export type FormParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * X-Twilio-Signature: HMAC-SHA1 keyed with the auth token over the full URL followed by every POST parameter,
 * sorted by name, as name immediately followed by value; base64. Repeated parameters contribute each (distinct,
 * sorted) value under the same name.
 */
export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort();
    for (const item of values) data += name + item;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}
