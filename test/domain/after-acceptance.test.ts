import { afterAcceptance, RETRY_SMS_AFTER_MS } from '../../domain/after-acceptance';

const later = { kind: 'sms_later', afterMs: RETRY_SMS_AFTER_MS };
const email = { kind: 'email' };

describe('after-acceptance policy (the README table)', () => {
  it.each([
    ['transactional', '30003', true, email],
    ['transactional', '30003', false, later],
    ['transactional', '30005', true, email],
    ['transactional', '30006', false, { kind: 'record_only', reason: 'no_usable_email' }],
    ['transactional', '30001', true, email],
    ['transactional', '30036', false, { kind: 'record_only', reason: 'stale_if_resent' }],
    ['service', '30003', true, later],
    ['service', '30001', false, later],
    ['service', '30036', true, later],
    ['service', '30005', true, email],
    ['service', '30006', false, { kind: 'record_only', reason: 'no_usable_email' }],
    ['marketing', '30003', true, { kind: 'record_only', reason: 'marketing' }],
    ['marketing', '30005', true, { kind: 'record_only', reason: 'marketing' }],
  ] as const)('%s, %s, email usable %s', (messageClass, code, emailUsable, expected) => {
    expect(afterAcceptance(messageClass, code, emailUsable)).toEqual(expected);
  });
});
