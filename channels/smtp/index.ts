export { createSmtpSender, SmtpEmailSender, type SmtpEmailSenderOptions } from './smtp-email-sender';
