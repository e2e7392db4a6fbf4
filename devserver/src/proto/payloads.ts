import { type temporal } from './codec';

type Payload = temporal.api.common.v1.IPayload;

export function jsonPayload(value: unknown, extraMetadata: Record<string, string> = {}): Payload {
  const metadata: Record<string, Uint8Array> = { encoding: Buffer.from('json/plain') };
  for (const [key, text] of Object.entries(extraMetadata)) metadata[key] = Buffer.from(text);
  return { metadata, data: Buffer.from(JSON.stringify(value)) };
}

export function metadataText(payload: Payload, key: string): string | undefined {
  const raw = payload.metadata?.[key];
  return raw ? Buffer.from(raw).toString('utf8') : undefined;
}

/** JSON payloads decode to their value; anything else (binary/null encodings) to undefined. */
export function decodeJsonPayload(payload: Payload): unknown {
  const encoding = metadataText(payload, 'encoding');
  if (encoding === 'binary/null' || !payload.data || payload.data.length === 0) return undefined;
  if (encoding !== undefined && encoding !== 'json/plain') return undefined;
  try {
    return JSON.parse(Buffer.from(payload.data).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** A payload that "removes" a memo or search-attribute entry when upserted. */
export function isEmptyPayload(payload: Payload): boolean {
  if (metadataText(payload, 'encoding') === 'binary/null') return true;
  if (!payload.data || payload.data.length === 0) return true;
  const value = decodeJsonPayload(payload);
  return value === null || (Array.isArray(value) && value.length === 0);
}
