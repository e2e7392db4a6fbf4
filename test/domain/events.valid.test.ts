import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EVENT_TYPES,
  eventEntityIds,
  eventSchema,
  type NotifyEvent,
  parseEvent,
  parseTraceLine,
  TRACE_EVENT_TYPES,
  traceLineSchema,
  timestampMs,
} from '../../domain/events';

const FIXTURES = join(__dirname, '..', 'fixtures', 'events');

function jsonLines(file: string): unknown[] {
  return readFileSync(join(FIXTURES, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

const validEvents = jsonLines('valid.jsonl');
const validTraceLines = jsonLines('valid-trace.jsonl');

function parsed(input: unknown): NotifyEvent {
  const result = parseEvent(input);
  if (!result.ok) throw new Error(`expected a valid event, got ${JSON.stringify(result.errors)}`);
  return result.event;
}

describe('valid events', () => {
  it('cover every API event type', () => {
    const types = new Set(validEvents.map((event) => parsed(event).type));
    expect([...types].sort()).toEqual([...EVENT_TYPES].sort());
    expect(EVENT_TYPES).toHaveLength(12);
  });

  it.each(validEvents.map((event) => [(event as { id: string }).id, event]))('%s parses unchanged', (_id, event) => {
    expect(parseEvent(event)).toEqual({ ok: true, event });
  });

  it.each(validEvents.map((event) => [(event as { id: string }).id, event]))(
    '%s passes the zod union too',
    (_id, event) => {
      expect(eventSchema.safeParse(event).success).toBe(true);
    },
  );

  it('trims identifiers and free text, and puts locale tags in canonical case', () => {
    const event = parsed({
      id: '  e-1  ',
      type: 'customer.upserted',
      occurredAt: ' 2026-03-02T09:00:00+08:00 ',
      data: {
        customerId: 'c-1 ',
        name: ' 王芳 ',
        phone: ' +8613800138000',
        locale: 'ZH-hans-cn',
        preferredChannel: 'sms',
        consents: { marketing: false },
      },
    });
    expect(event).toMatchObject({
      id: 'e-1',
      occurredAt: '2026-03-02T09:00:00+08:00',
      data: { customerId: 'c-1', name: '王芳', phone: '+8613800138000', locale: 'zh-Hans-CN' },
    });
  });

  it('keeps markup as plain text', () => {
    const event = parsed({
      id: 'e-markup',
      type: 'ticket.opened',
      occurredAt: '2026-06-10T14:00:00Z',
      data: {
        ticketId: 't-1',
        customerId: 'c-1',
        priority: 'low',
        channel: 'web',
        subject: '<script>alert("x")</script> & <b>bold</b>',
      },
    });
    expect(event.type === 'ticket.opened' && event.data.subject).toBe('<script>alert("x")</script> & <b>bold</b>');
  });
});

describe('trace lines', () => {
  it('every API event is also a trace line, arriving when it occurred', () => {
    for (const input of validEvents) {
      const event = parsed(input);
      expect(parseTraceLine(input)).toEqual({ ok: true, at: event.occurredAt, event });
    }
  });

  it('accept sms.inbound and an explicit arrival time, kept apart from the event', () => {
    const results = validTraceLines.map(parseTraceLine);
    expect(results.map((result) => result.ok && [result.event.type, result.at])).toEqual([
      ['sms.inbound', '2026-03-05T08:20:00+08:00'],
      ['sms.inbound', '2026-03-05T08:21:30+08:00'],
      ['shipment.scan', '2026-03-03T01:00:00Z'],
    ]);
    for (const result of results) expect(result.ok && 'at' in result.event).toBe(false);
  });

  it('traceLineSchema parses to the same shape', () => {
    expect(traceLineSchema.parse(validTraceLines[1])).toEqual({
      at: '2026-03-05T08:21:30+08:00',
      event: {
        id: 'v-19',
        type: 'sms.inbound',
        occurredAt: '2026-03-05T08:20:00+08:00',
        data: { from: '+8613800138000', body: '还没到。\n请帮我催一下' },
      },
    });
    expect(TRACE_EVENT_TYPES).toEqual([...EVENT_TYPES, 'sms.inbound']);
  });

  // Copies of shared/fixtures/traces (kept in step by test/simulation/traces.test.ts): the simulator's input.
  const TRACES = join(FIXTURES, '..', 'traces');
  const sharedTraces = readdirSync(TRACES).filter((file) => file.endsWith('.jsonl') && !file.includes('.expected.'));

  it('the shared simulation traces are present', () => {
    expect(sharedTraces.length).toBeGreaterThanOrEqual(2);
  });

  it.each(sharedTraces)('every line of %s parses', (file) => {
    const lines = jsonLines(join('..', 'traces', file));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(parseTraceLine(line)).toMatchObject({ ok: true });
  });
});

describe('eventEntityIds', () => {
  const byId = new Map(validEvents.map((input) => [(input as { id: string }).id, parsed(input)]));
  const idsOf = (id: string) => eventEntityIds(byId.get(id) as NotifyEvent);

  it.each([
    ['v-01', { customerId: 'c-1001' }],
    ['v-04', { orderId: 'o-1001', customerId: 'c-1001' }],
    ['v-05', { orderId: 'o-1001' }],
    ['v-06', { orderId: 'o-1001' }],
    ['v-07', { orderId: 'o-1001' }],
    ['v-09', { orderId: 'o-1001' }],
    ['v-10', { orderId: 'o-1001' }],
    ['v-11', { orderId: 'o-1001' }],
    ['v-13', { ticketId: 't-2001', customerId: 'c-2001', orderId: 'o-2001' }],
    ['v-14', { ticketId: 't-2001' }],
    ['v-16', { ticketId: 'o-1001-T1' }],
    ['v-17', { ticketId: 't-2001' }],
  ])('%s concerns %j', (id, expected) => {
    expect(idsOf(id)).toStrictEqual(expected);
  });

  it('a ticket opened without an order names no order', () => {
    const event = parsed({
      id: 'e',
      type: 'ticket.opened',
      occurredAt: '2026-06-10T14:00:00Z',
      data: { ticketId: 't-9', customerId: 'c-9', priority: 'normal', channel: 'email', subject: 'Hello' },
    });
    expect(eventEntityIds(event)).toStrictEqual({ ticketId: 't-9', customerId: 'c-9' });
  });

  it('an inbound SMS names no entity', () => {
    const result = parseTraceLine(validTraceLines[0]);
    expect(result.ok && eventEntityIds(result.event)).toStrictEqual({});
  });
});

describe('timestampMs', () => {
  it('reads offsets, so the same instant compares equal across zones', () => {
    expect(timestampMs('2026-03-02T09:00:00+08:00')).toBe(timestampMs('2026-03-02T01:00:00Z'));
    expect(timestampMs('2026-06-10T09:00:00.123-04:00')).toBe(Date.UTC(2026, 5, 10, 13, 0, 0, 123));
  });
});
