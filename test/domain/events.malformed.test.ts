import { EVENT_TYPES, type FieldError, formatFieldErrors, parseEvent, parseTraceLine } from '../../domain/events';

const customer = {
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
  },
};

const order = {
  id: 'e-2',
  type: 'order.placed',
  occurredAt: '2026-03-02T09:05:00+08:00',
  data: {
    orderId: 'o-1001',
    customerId: 'c-1001',
    items: [{ sku: 'FAN-01', name: '落地电风扇', category: 'small_appliance', quantity: 1 }],
  },
};

const ticket = {
  id: 'e-3',
  type: 'ticket.opened',
  occurredAt: '2026-06-10T14:00:00-04:00',
  data: {
    ticketId: 't-2001',
    customerId: 'c-2001',
    priority: 'normal',
    channel: 'email',
    subject: 'The fan stopped working',
  },
};

type Envelope = { data: object } & Record<string, unknown>;

function withData<E extends Envelope>(event: E, data: Record<string, unknown>): E {
  return { ...event, data: { ...event.data, ...data } };
}

function errorsOf(input: unknown, parse: (input: unknown) => { ok: boolean } = parseEvent): FieldError[] {
  const result = parse(input) as { ok: true } | { ok: false; errors: FieldError[] };
  if (result.ok) throw new Error('expected the event to be rejected');
  return result.errors;
}

/** Exact paths, in order, each with a message that contains the given words. */
function expectErrors(errors: FieldError[], expected: readonly (readonly [string, string])[]): void {
  expect(errors.map((error) => error.path)).toEqual(expected.map(([path]) => path));
  errors.forEach((error, index) => expect(error.message).toContain(expected[index]?.[1]));
}

const ALL_TYPES = EVENT_TYPES.join(', ');

describe('the malformed events of issue 2', () => {
  it.each<[string, unknown, (readonly [string, string])[]]>([
    [
      'an unknown event type',
      { ...order, type: 'order.shipped' },
      [['type', `unknown event type 'order.shipped'; expected one of ${ALL_TYPES}`]],
    ],
    ['a missing event id', { ...order, id: undefined }, [['id', 'is required']]],
    [
      'missing entity ids',
      withData(order, { orderId: undefined, customerId: '' }),
      [
        ['data.orderId', 'is required'],
        ['data.customerId', 'must not be empty'],
      ],
    ],
    [
      'a naive timestamp',
      { ...order, occurredAt: '2026-03-02T09:05:00' },
      [['occurredAt', 'has no offset; expected an ISO-8601 timestamp with an offset or Z']],
    ],
    [
      'an impossible date',
      { ...order, occurredAt: '2026-02-30T09:05:00+08:00' },
      [['occurredAt', '2026-02-30 is not a calendar date']],
    ],
    [
      'something that is not a date',
      { ...order, occurredAt: 'yesterday' },
      [['occurredAt', 'expected an ISO-8601 timestamp with an offset or Z, like 2026-03-02T09:00:00+08:00']],
    ],
    [
      'extra fields, at the top and inside data',
      { ...withData(order, { foo: 1 }), source: 'shop' },
      [
        ['data.foo', "unexpected field 'foo'"],
        ['source', "unexpected field 'source'"],
      ],
    ],
    [
      'an oversized subject and id',
      { ...withData(ticket, { subject: '很'.repeat(201) }), id: 'e'.repeat(129) },
      [
        ['id', 'must be at most 128 characters'],
        ['data.subject', 'must be at most 200 characters'],
      ],
    ],
  ])('%s', (_name, input, expected) => {
    expectErrors(errorsOf(input), expected);
  });

  it('an unknown type is one error, not one per known type', () => {
    expect(errorsOf({ ...customer, type: 'customer.deleted' })).toHaveLength(1);
  });
});

describe('field rules', () => {
  it.each<[string, unknown, (readonly [string, string])[]]>([
    [
      'control characters in a subject',
      withData(ticket, { subject: 'Broken\u0007 fan' }),
      [['data.subject', 'must not contain control characters or line breaks (found U+0007 at position 6)']],
    ],
    [
      'a line break in a one-line field',
      withData(ticket, { subject: 'Broken\nfan' }),
      [['data.subject', 'found U+000A']],
    ],
    ['NUL in a name', withData(customer, { name: 'Wang\u0000Fang' }), [['data.name', 'found U+0000']]],
    [
      'a bidi override in a subject',
      withData(ticket, { subject: 'abc\u202Etxt.exe' }),
      [['data.subject', 'found U+202E']],
    ],
    ['an unpaired surrogate', withData(ticket, { subject: 'bad \ud800 text' }), [['data.subject', 'found U+D800']]],
    ['a control character in an id', { ...ticket, id: 'e-\u001b[31m' }, [['id', 'found U+001B']]],
    ['a whitespace-only id', withData(ticket, { ticketId: '   ' }), [['data.ticketId', 'must not be empty']]],
    ['no items', withData(order, { items: [] }), [['data.items', 'must have at least one item']]],
    [
      'bad quantities and an extra item field',
      withData(order, {
        items: [
          { sku: 'A', name: 'a', category: 'c', quantity: 0 },
          { sku: 'B', name: 'b', category: 'c', quantity: 1.5 },
          { sku: 'C', name: 'c', category: 'c', quantity: '2' },
          { sku: 'D', name: 'd', category: 'c', quantity: 1, colour: 'red' },
        ],
      }),
      [
        ['data.items[0].quantity', 'must be greater than 0'],
        ['data.items[1].quantity', 'expected a whole number, got the fraction 1.5'],
        ['data.items[2].quantity', 'expected a number, got a string'],
        ['data.items[3].colour', "unexpected field 'colour'"],
      ],
    ],
    [
      'a naive promised delivery date',
      withData(order, { promisedDeliveryBy: '2026-03-06' }),
      [['data.promisedDeliveryBy', 'expected an ISO-8601 timestamp with an offset']],
    ],
    [
      'an unknown priority',
      withData(ticket, { priority: 'critical' }),
      [['data.priority', "expected one of urgent, high, normal, low; got 'critical'"]],
    ],
    [
      'an unknown preferred channel',
      withData(customer, { preferredChannel: 'wechat' }),
      [['data.preferredChannel', 'expected one of sms, email']],
    ],
    [
      'a locale with an underscore',
      withData(customer, { locale: 'zh_CN' }),
      [['data.locale', 'expected a BCP-47 language tag like zh-CN or en']],
    ],
    [
      'a customer with neither phone nor email',
      withData(customer, { phone: undefined, email: undefined }),
      [['data.phone', 'a customer needs a phone or an email']],
    ],
    [
      'consents that are not a boolean',
      withData(customer, { consents: { marketing: 'yes' } }),
      [['data.consents.marketing', 'expected true or false, got a string']],
    ],
    ['null instead of a value', withData(customer, { name: null }), [['data.name', 'expected a string, got null']]],
    [
      'an unknown exception reason',
      {
        id: 'e',
        type: 'shipment.exception',
        occurredAt: '2026-03-04T11:00:00+08:00',
        data: { orderId: 'o', shipmentId: 's', reason: 'stolen' },
      },
      [['data.reason', 'expected one of lost, damaged, returned_to_sender, address_issue, customs, other']],
    ],
    [
      'a reship shipment on a refund',
      {
        id: 'e',
        type: 'ticket.resolved',
        occurredAt: '2026-06-11T11:00:00-04:00',
        data: { ticketId: 't', resolution: 'refund', reshipShipmentId: 's-2' },
      },
      [['data.reshipShipmentId', "only allowed when resolution is 'reship'"]],
    ],
    ['data that is not an object', { ...order, data: null }, [['data', 'expected an object, got null']]],
    ['a numeric type', { ...order, type: 7 }, [['type', `expected a string; expected one of ${ALL_TYPES}`]]],
    [
      'no type, and other envelope problems',
      { id: '', occurredAt: '2026-03-02T09:05:00', data: {} },
      [
        ['type', 'is required'],
        ['id', 'must not be empty'],
        ['occurredAt', 'has no offset'],
      ],
    ],
    ['an array instead of an event', [order], [['', 'expected an event object']]],
    [
      'a __proto__ key from JSON',
      JSON.parse(
        '{"id":"e","type":"order.cancelled","occurredAt":"2026-03-02T09:00:00Z","data":{"orderId":"o","__proto__":{}}}',
      ),
      [['data.__proto__', "unexpected field '__proto__'"]],
    ],
  ])('rejects %s', (_name, input, expected) => {
    expectErrors(errorsOf(input), expected);
  });

  it('multi-line text keeps line breaks and tabs but not other control characters', () => {
    const event = (reason: string) => ({
      id: 'e',
      type: 'return.requested',
      occurredAt: '2026-03-07T12:00:00+08:00',
      data: { orderId: 'o', reason },
    });
    expect(parseEvent(event('line one\r\nline two\tend')).ok).toBe(true);
    expectErrors(errorsOf(event('line one\u000Bline two')), [
      ['data.reason', 'must not contain control characters (found U+000B'],
    ]);
  });

  it('an oversized multi-line field reports its own limit', () => {
    const input = {
      id: 'e',
      type: 'return.requested',
      occurredAt: '2026-03-07T12:00:00Z',
      data: { orderId: 'o', reason: 'x'.repeat(1001) },
    };
    expectErrors(errorsOf(input), [['data.reason', 'must be at most 1000 characters']]);
  });
});

describe('trace-only rules', () => {
  const sms = {
    id: 'e-5',
    type: 'sms.inbound',
    occurredAt: '2026-03-05T08:20:00+08:00',
    data: { from: '+8613800138000', body: '1' },
  };

  it('the API refuses sms.inbound, naming where it belongs', () => {
    expectErrors(errorsOf(sms), [['type', "event type 'sms.inbound' is only accepted in traces"]]);
  });

  it('a trace refuses a naive arrival time', () => {
    expectErrors(errorsOf({ ...sms, at: '2026-03-05 08:21' }, parseTraceLine), [
      ['at', 'expected an ISO-8601 timestamp'],
    ]);
  });

  it('a trace refuses an unknown type, listing sms.inbound among the known ones', () => {
    expectErrors(errorsOf({ ...sms, type: 'sms.outbound' }, parseTraceLine), [
      ['type', `unknown event type 'sms.outbound'; expected one of ${ALL_TYPES}, sms.inbound`],
    ]);
  });

  it('an SMS from a number that is not E.164, with an extra field', () => {
    expectErrors(errorsOf({ ...sms, data: { from: '13800138000', body: '1', to: '+15005550006' } }, parseTraceLine), [
      ['data.from', 'expected an E.164 phone number'],
      ['data.to', "unexpected field 'to'"],
    ]);
  });

  it('the API envelope does not accept `at`', () => {
    expectErrors(errorsOf({ ...order, at: '2026-03-02T09:05:00+08:00' }), [['at', "unexpected field 'at'"]]);
  });
});

describe('formatFieldErrors', () => {
  it('puts every error on one line, with its path', () => {
    const line = formatFieldErrors(
      errorsOf({ ...withData(customer, { preferredChannel: 'wechat' }), type: 'customer.upserted', extra: true }),
    );
    expect(line).toBe(
      "data.preferredChannel: expected one of sms, email; got 'wechat'; extra: unexpected field 'extra'",
    );
  });

  it('keeps an echoed value on one line and short', () => {
    const line = formatFieldErrors(errorsOf({ ...order, type: `evil\ntype${'x'.repeat(100)}` }));
    expect(line).not.toContain('\n');
    expect(line).toContain("unknown event type 'evilU+000Atype");
    expect(line).toContain("xxx…'");
  });

  it('says how many errors it left out', () => {
    const errors = Array.from({ length: 8 }, (_, index) => ({ path: `f${index}`, message: 'bad' }));
    expect(formatFieldErrors(errors, 3)).toBe('f0: bad; f1: bad; f2: bad (and 5 more)');
    expect(formatFieldErrors([{ path: '', message: 'expected an event object' }])).toBe('expected an event object');
  });
});
