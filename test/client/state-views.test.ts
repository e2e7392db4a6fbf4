import { palette } from '../../client/output/colour';
import { renderOrderState } from '../../client/views/order-state-view';
import { renderTicketState } from '../../client/views/ticket-state-view';

const view = { now: Date.parse('2026-03-05T00:00:00Z'), zone: 'Asia/Shanghai', style: palette(false) };

describe('state views', () => {
  it('an order journey waiting for a reply: prompt expiry, next send in recipient-local time, every decision', () => {
    const text = renderOrderState(
      {
        orderId: 'o-1',
        customerId: 'c-1',
        stage: 'awaiting_reply',
        shipments: [
          {
            shipmentId: 's-1',
            carrier: 'SF',
            phase: 'stalled',
            lastProgressAt: '2026-03-02T10:00:00.000Z',
            stallNotices: 1,
          },
        ],
        openPrompt: { purpose: 'shipment.stalled', expiresAt: '2026-03-06T00:00:00.000Z' },
        scheduled: [{ what: 'shipment.late', at: '2026-03-05T10:00:00.000+08:00' }],
        sent: ['shipment.stalled: sent', 'reply.clarify: refused (opted_out)'],
        actions: ['carrier.chase'],
        ignored: ['e-9: older than the state it would change'],
      },
      'order:o-1',
      view,
    );
    expect(text).toBe(
      [
        'Order o-1 (workflow order:o-1)',
        '  customer        c-1',
        '  stage           awaiting reply',
        '  shipments       s-1 via SF: stalled, last progress 2026-03-02 18:00 GMT+8 (10:00 UTC), 2d 14h ago, 1 stall notice',
        '  open ticket     none',
        '  open prompt     shipment.stalled, answers accepted until 2026-03-06 08:00 GMT+8 (00:00 UTC), in 1d',
        '  next            shipment.late at 2026-03-05 10:00 recipient-local (UTC+08:00; 2026-03-05 02:00 UTC), in 2h',
        '  messages        shipment.stalled: sent',
        '                  reply.clarify: refused (opted_out)',
        '  actions         carrier.chase',
        '  ignored events  e-9: older than the state it would change',
        '',
      ].join('\n'),
    );
  });

  it('colours outcomes only when colour is on', () => {
    const state = {
      ticketId: 't-1',
      customerId: 'c-1',
      priority: 'normal' as const,
      stage: 'open' as const,
      sla: { state: 'breached' as const, deadline: '2026-03-04T23:00:00.000Z' },
      reopened: 0,
      sent: ['ticket.ack: sent', 'ticket.sla_holding: failed (provider)'],
    };
    const coloured = renderTicketState(state, 'ticket:t-1', { ...view, style: palette(true) });
    expect(coloured).toContain('\u001b[31mbreached\u001b[39m');
    expect(coloured).toContain('ticket.ack: \u001b[32msent\u001b[39m');
    expect(coloured).toContain('ticket.sla_holding: \u001b[31mfailed\u001b[39m (provider)');
    const plain = renderTicketState(state, 'ticket:t-1', view);
    expect(plain).not.toContain('\u001b[');
    expect(plain).toContain('  first response  breached, due 2026-03-05 07:00 GMT+8 (2026-03-04 23:00 UTC), 1h ago\n');
    expect(plain).toContain('  reopened        never\n');
  });
});
