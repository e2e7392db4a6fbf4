/**
 * The channel ports and their error type. Providers are imported from their folders (`channels/twilio`,
 * `channels/smtp`, `channels/outbox`) by the worker that wires them, so code that only needs the interfaces does not
 * load the twilio or nodemailer libraries.
 */
export * from './channel-error';
export type * from './sms';
export type * from './email';
export { messageIdForKey } from './message-id';
