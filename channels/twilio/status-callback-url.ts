/**
 * The delivery-status callback URL carries the notification key, so every status report Twilio sends names the
 * notification it belongs to, even when the worker died before it could record the Message SID.
 */
export const STATUS_CALLBACK_PATH = '/v1/twilio/status';

/** `<base>/v1/twilio/status?key=<urlencoded key>`; `base` is the public URL Twilio reaches us at. */
export function statusCallbackUrl(publicBaseUrl: string, idempotencyKey: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${STATUS_CALLBACK_PATH}?key=${encodeURIComponent(idempotencyKey)}`;
}

/** The notification key in a status callback URL (absolute, or the path and query a web server sees). */
export function keyFromStatusCallbackUrl(url: string): string | undefined {
  const parsed = new URL(url, 'http://callback.invalid');
  return parsed.searchParams.get('key') ?? undefined;
}
