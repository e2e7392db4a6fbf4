import path from 'node:path';
import type { Config } from '../config/config';
import type { EmailSender } from '../channels/email';
import { OutboxDirectory, OutboxEmailSender, OutboxSmsSender } from '../channels/outbox';
import { PROVIDER_TIMEOUTS } from '../channels/provider-timeouts';
import type { SmsSender } from '../channels/sms';
import { createSmtpSender } from '../channels/smtp';
import { TwilioSmsSender } from '../channels/twilio';

export interface Channels {
  readonly sms: SmsSender;
  readonly email: EmailSender;
  /** What was chosen, for the start-up banner: `twilio`/`outbox`, `smtp`/`outbox`. */
  readonly chosen: { readonly sms: 'twilio' | 'outbox'; readonly email: 'smtp' | 'outbox' };
  close(): Promise<void>;
}

/**
 * Providers when configured (or demanded), the development outbox otherwise (architecture.md 9). An SMTP relay is
 * verified here, at start-up, so a wrong password fails the worker now rather than the first customer email later.
 * Both clients time out well below the claim lease (see PROVIDER_TIMEOUTS).
 */
export async function buildChannels(config: Config): Promise<Channels> {
  const outbox = new OutboxDirectory(path.resolve(config.database.dataDir));
  const sms = config.channels.sms;
  const useTwilio = sms.provider === 'twilio' || (sms.provider === 'auto' && Boolean(sms.accountSid && sms.authToken));
  const smsSender = useTwilio
    ? new TwilioSmsSender({
        accountSid: sms.accountSid as string,
        authToken: sms.authToken as string,
        ...(sms.messagingServiceSid ? { messagingServiceSid: sms.messagingServiceSid } : {}),
        ...(sms.from ? { from: sms.from } : {}),
        statusCallbackBaseUrl: config.api.publicUrl,
        timeoutMs: PROVIDER_TIMEOUTS.twilio.requestTimeoutMs,
      })
    : new OutboxSmsSender(outbox);

  const email = config.channels.email;
  const smtp =
    email.smtpUrl && email.provider !== 'outbox'
      ? await createSmtpSender({ url: email.smtpUrl, from: email.from, ...PROVIDER_TIMEOUTS.smtp })
      : undefined;
  return {
    sms: smsSender,
    email: smtp ?? new OutboxEmailSender(outbox, email.from),
    chosen: { sms: useTwilio ? 'twilio' : 'outbox', email: smtp ? 'smtp' : 'outbox' },
    close: async () => {
      smtp?.close();
      await Promise.resolve();
    },
  };
}
