import { Connection, WorkflowClient } from '@temporalio/client';
import { memoryTerminal } from '../../client/output/terminal';
import { plaintextTemporal } from '../../config/temporal-settings';
import { queryWorkflowState } from '../../client/temporal/query-state';
import { showWorkflowState } from '../../client/temporal/show-state';
import { renderOrderState } from '../../client/views/order-state-view';
import { renderTicketState } from '../../client/views/ticket-state-view';
import { palette } from '../../client/output/colour';
import { type OrderJourneyState, orderWorkflowId, stateQuery } from '../../workflows/order-journey/contract';
import { type SupportTicketState, ticketStateQuery, ticketWorkflowId } from '../../workflows/support-ticket/contract';
import { WorkflowHarness } from '../workflows/harness';

/** `notify order show` / `notify ticket show` against the real workflows on temporal-lite (fake activities). */
let harness: WorkflowHarness;

beforeAll(async () => {
  harness = await WorkflowHarness.start();
}, 120_000);

afterAll(async () => {
  await harness?.teardown();
});

const temporal = () => plaintextTemporal({ address: harness.env.address, namespace: 'default', taskQueue: 'unused' });
const view = { now: Date.parse('2026-01-01T00:00:00Z'), zone: 'UTC', style: palette(false) };

it('order show prints the journey readably, or as the query result with --json', () =>
  harness.run(async (s) => {
    const orderId = `o-${s.suffix}`;
    const customerId = `c-${s.suffix}`;
    const items = [{ sku: 'FAN-01', name: '落地电风扇', category: 'small_appliance', quantity: 1 }];
    await s.orderEvent(orderId, customerId, 'order.placed', { customerId, items });
    await s.orderEvent(orderId, customerId, 'shipment.created', {
      shipmentId: `s-${s.suffix}`,
      carrier: 'SF',
      trackingNumber: 'SF1',
    });
    await s.sleep(60_000);

    const readable = memoryTerminal();
    const request = {
      noun: 'order journey',
      workflowId: orderWorkflowId(orderId),
      query: stateQuery,
      render: (state: OrderJourneyState) => renderOrderState(state, orderWorkflowId(orderId), view),
    };
    expect(await showWorkflowState(temporal(), readable, { ...request, json: false })).toBe(0);
    const text = readable.stdout();
    expect(text).toMatch(new RegExp(`^Order ${orderId} \\(workflow order:${orderId}\\)\\n`));
    expect(text).toContain(`  customer     ${customerId}\n`);
    expect(text).toContain('  stage        shipped\n');
    expect(text).toMatch(
      new RegExp(`  shipments    s-${s.suffix} via SF: watching, last progress .+, 0 stall notices\\n`),
    );
    expect(text).toContain('  open prompt  none\n');
    expect(text).toContain('  messages     none\n');

    const json = memoryTerminal();
    expect(await showWorkflowState(temporal(), json, { ...request, json: true })).toBe(0);
    expect(JSON.parse(json.stdout())).toMatchObject({ orderId, customerId, stage: 'shipped', sent: [] });
  }));

it('ticket show prints the SLA and the acknowledgement sent', () =>
  harness.run(async (s) => {
    const ticketId = `t-${s.suffix}`;
    const customerId = `c-${s.suffix}`;
    await s.ticketEvent(
      ticketId,
      customerId,
      'ticket.opened',
      {
        customerId,
        priority: 'high',
        channel: 'email',
        subject: 'Fan',
      },
      { priority: 'high' },
    );
    await s.sleep(60_000);
    const terminal = memoryTerminal();
    const code = await showWorkflowState(temporal(), terminal, {
      noun: 'support ticket',
      workflowId: ticketWorkflowId(ticketId),
      query: ticketStateQuery,
      json: false,
      render: (state: SupportTicketState) => renderTicketState(state, ticketWorkflowId(ticketId), view),
    });
    expect(code).toBe(0);
    expect(terminal.stdout()).toContain('  priority        high\n');
    expect(terminal.stdout()).toMatch(/ {2}first response {2}running, due .+ UTC/);
    expect(terminal.stdout()).toContain('  messages        ticket.ack: sent\n');
  }));

it('an unknown id is one line on stderr and exit code 1', async () => {
  const terminal = memoryTerminal();
  const code = await showWorkflowState(temporal(), terminal, {
    noun: 'order journey',
    workflowId: orderWorkflowId('no-such-order'),
    query: stateQuery,
    json: false,
    render: () => 'unreachable',
  });
  expect(code).toBe(1);
  expect(terminal.stdout()).toBe('');
  expect(terminal.stderr()).toBe('notify: no order journey order:no-such-order in namespace default\n');
});

it('a workflow no worker serves gets a clear timeout, not a hang', async () => {
  let workflowId = '';
  await harness.run(async (s) => {
    workflowId = ticketWorkflowId(`t-${s.suffix}`);
    await s.ticketEvent(`t-${s.suffix}`, `c-${s.suffix}`, 'ticket.opened', {
      customerId: `c-${s.suffix}`,
      priority: 'low',
      channel: 'email',
      subject: 'x',
    });
  });
  // The scenario's worker has stopped; nobody polls that task queue any more.
  const connection = await Connection.connect({ address: harness.env.address });
  try {
    const client = new WorkflowClient({ connection });
    await expect(queryWorkflowState(client, connection, workflowId, ticketStateQuery, 1_000)).rejects.toThrow(
      `no worker answered the state query of ${workflowId} within 1s`,
    );
  } finally {
    await connection.close();
  }
});

it('an unreachable Temporal is one clear error naming the address', async () => {
  const terminal = memoryTerminal();
  await expect(
    showWorkflowState(plaintextTemporal({ address: '127.0.0.1:1', namespace: 'default', taskQueue: 'x' }), terminal, {
      noun: 'order journey',
      workflowId: 'order:x',
      query: stateQuery,
      json: false,
      render: () => '',
    }),
  ).rejects.toThrow(/^cannot reach Temporal at 127\.0\.0\.1:1 /);
});
