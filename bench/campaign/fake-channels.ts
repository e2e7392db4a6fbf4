import type { EmailSender } from '../../channels/email';
import type { SmsSender } from '../../channels/sms';

/** Providers that accept everything at once, in process: the bench measures the campaign, not a provider. */
export function fakeChannels(): { sms: SmsSender; email: EmailSender; sent: () => number } {
  let count = 0;
  return {
    sms: {
      send: () => Promise.resolve({ providerMessageId: `SMfake${++count}`, status: 'queued' }),
      lookup: () => Promise.resolve([]),
    },
    email: {
      send: () => Promise.resolve({ providerMessageId: `<fake${++count}@bench>`, status: 'sent' }),
    },
    sent: () => count,
  };
}
