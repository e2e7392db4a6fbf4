import { createSmtpSender, type SmtpEmailSender } from '../../../channels/smtp';
import { TwilioSmsSender } from '../../../channels/twilio';
import { type SmtpTestServer, startSmtpTestServer } from '../../fakes/smtp-test-server';
import { type TwilioFake, startTwilioFake } from '../../fakes/twilio-fake';
import type { ManualClock } from './clock';

export const TWILIO_ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const TWILIO_AUTH_TOKEN = 'fedcba9876543210'.repeat(2);
export const MESSAGING_SERVICE_SID = `MG${'00112233445566778899aabbccddeeff'}`;
/** Where Twilio would post status callbacks; never contacted (the fake only records it). */
export const PUBLIC_URL = 'https://notify.shop.example';
export const MAIL_FROM = 'Demo Shop <notify@shop.example>';
export const MESSAGE_ID_DOMAIN = 'shop.example';

/** The real providers' clients, pointed at the loopback doubles: Twilio's client at the fake, nodemailer at SMTP. */
export interface TestChannels {
  readonly twilio: TwilioFake;
  readonly smtp: SmtpTestServer;
  readonly sms: TwilioSmsSender;
  readonly email: SmtpEmailSender;
  /** A sender whose From number Twilio answers with 21611 (queue overflow) on every create. */
  overflowingSms(): TwilioSmsSender;
  /** A sender for the same account whose requests cannot connect (nothing listens on its port). */
  unreachableSms(): TwilioSmsSender;
  close(): Promise<void>;
}

export async function startTestChannels(clock: ManualClock): Promise<TestChannels> {
  const twilio = await startTwilioFake({
    accountSid: TWILIO_ACCOUNT_SID,
    authToken: TWILIO_AUTH_TOKEN,
    now: clock.now,
  });
  const smtp = await startSmtpTestServer();
  const twilioOptions = {
    accountSid: TWILIO_ACCOUNT_SID,
    authToken: TWILIO_AUTH_TOKEN,
    baseUrl: twilio.url,
    timeoutMs: 5_000,
  };
  const sms = new TwilioSmsSender({
    ...twilioOptions,
    messagingServiceSid: MESSAGING_SERVICE_SID,
    statusCallbackBaseUrl: PUBLIC_URL,
  });
  const email = await createSmtpSender({ url: smtp.url, from: MAIL_FROM, maxConnections: 1 });
  return {
    twilio,
    smtp,
    sms,
    email,
    overflowingSms: () => new TwilioSmsSender({ ...twilioOptions, from: '+15005550008' }),
    unreachableSms: () =>
      new TwilioSmsSender({
        ...twilioOptions,
        messagingServiceSid: MESSAGING_SERVICE_SID,
        baseUrl: 'http://127.0.0.1:1',
      }),
    close: async () => {
      email.close();
      await Promise.all([twilio.close(), smtp.close()]);
    },
  };
}
