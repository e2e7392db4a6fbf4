import { createHash } from 'node:crypto';

/**
 * Message-ID for a notification: a hash of the key, so it is stable across retries and resends, and reveals neither
 * the key (which names the workflow) nor the recipient. `domain` should be one we control (the sender's).
 */
export function messageIdForKey(idempotencyKey: string, domain: string): string {
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest('hex');
  return `<${digest}@${domain}>`;
}

/** The domain part of an address such as `notify <notify@shop.example>`; `localhost` when there is none. */
export function domainOfAddress(address: string): string {
  const match = /@([^\s>]+)/.exec(address);
  return match?.[1]?.toLowerCase() ?? 'localhost';
}
