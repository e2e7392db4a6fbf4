import { parseEvent, parseTraceLine } from '../../domain/events';

const customer = (data: Record<string, unknown>) => ({
  id: 'e-1',
  type: 'customer.upserted',
  occurredAt: '2026-03-02T09:00:00+08:00',
  data: {
    customerId: 'c-1001',
    name: '王芳',
    phone: '+8613800138000',
    email: 'wangfang@example.com',
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
    preferredChannel: 'sms',
    consents: { marketing: false },
    ...data,
  },
});

describe('partial validity: an unusable optional field is dropped with a warning (reliability.md 16)', () => {
  it('drops a possible-but-invalid phone (+447700900123) and keeps email, locale, zone and the consent change', () => {
    const parsed = parseEvent(customer({ phone: '+447700900123' }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.event.data).toEqual({
      customerId: 'c-1001',
      name: '王芳',
      email: 'wangfang@example.com',
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
      preferredChannel: 'sms',
      consents: { marketing: false },
    });
    expect(parsed.event.warnings).toEqual([
      {
        field: 'data.phone',
        reason:
          'expected an E.164 phone number like +8613800138000; these digits are not a valid number for the country code',
      },
    ]);
    // The reason names the problem, not the number.
    expect(JSON.stringify(parsed.event.warnings)).not.toContain('7700900123');
  });

  it.each([
    [
      'a phone without + and country code',
      { phone: '13800138000' },
      'data.phone',
      'starting with + and the country code',
    ],
    ['a malformed email', { email: 'wangfang@' }, 'data.email', 'expected an email address like name@example.com'],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, 'data.timezone', 'expected an IANA time zone'],
  ])('drops %s, naming the field', (_name, data, field, reason) => {
    const parsed = parseEvent(customer(data));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.event.data).not.toHaveProperty(field.slice('data.'.length));
    expect(parsed.event.warnings).toEqual([{ field, reason: expect.stringContaining(reason) }]);
  });

  it('drops every unusable optional field of one record, and accepts a record whose only contact was unusable', () => {
    const parsed = parseEvent(customer({ phone: '+447700900123', email: 'nope', timezone: 'Mars/Olympus' }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.event.warnings?.map((w) => w.field)).toEqual(['data.phone', 'data.email', 'data.timezone']);
    expect(parsed.event.data).toMatchObject({ consents: { marketing: false }, locale: 'zh-CN' });
  });

  it('still rejects the event for a required field, a wrong type or a missing contact', () => {
    expect(parseEvent(customer({ customerId: '' })).ok).toBe(false);
    expect(parseEvent(customer({ phone: 8613800138000 })).ok).toBe(false);
    expect(parseEvent(customer({ phone: undefined, email: undefined })).ok).toBe(false);
  });

  it('has no warnings for a fully valid record, and normalises the kept fields', () => {
    const parsed = parseEvent(customer({ phone: ' +8613800138000 ' }));
    expect(parsed).toEqual({ ok: true, event: expect.not.objectContaining({ warnings: expect.anything() }) });
    if (parsed.ok) expect(parsed.event.data).toMatchObject({ phone: '+8613800138000' });
  });

  it('drops the same way in simulation traces', () => {
    const parsed = parseTraceLine(customer({ phone: '+447700900123' }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.event).toMatchObject({ warnings: [{ field: 'data.phone' }] });
  });
});
