export { OutboxDirectory, safeKey, type OutboxRecord } from './outbox-directory';
export { OutboxSmsSender, type OutboxSms } from './outbox-sms-sender';
export { OutboxEmailSender, type OutboxEmail } from './outbox-email-sender';
