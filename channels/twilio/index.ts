export { TwilioSmsSender, type TwilioSmsSenderOptions } from './twilio-sms-sender';
export { classifyTwilioCode, type TwilioClassification } from './classify-twilio-error';
export { statusCallbackUrl, keyFromStatusCallbackUrl, STATUS_CALLBACK_PATH } from './status-callback-url';
