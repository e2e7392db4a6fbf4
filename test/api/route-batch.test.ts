import { type WorkflowClient, WorkflowNotFoundError } from '@temporalio/client';
import { routeBatch } from '../../api/ingest/route-batch';
import type { RouterDeps } from '../../api/ingest/route-event';
import { loadConfig } from '../../config/load';
import { parseEvent, type NotifyEvent } from '../../domain/events';
import { openTestDatabase, type TestDatabase } from '../db/helpers/backends';

/**
 * A Temporal client whose signal-with-start for chosen orders waits until the test opens its gate, or fails: enough
 * to see which events overtake which, and what a failure leaves behind.
 */
class GatedWorkflows {
  /** `<workflowId> <event id>`, in the order the calls completed. */
  readonly completed: string[] = [];
  readonly failing = new Set<string>();
  private readonly gates = new Map<string, { opened: Promise<void>; open: () => void }>();

  hold(workflowId: string): () => void {
    let open = () => {};
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gates.set(workflowId, { opened, open });
    return open;
  }

  asClient(): WorkflowClient {
    const started = new Set<string>();
    const deliver = async (workflowId: string, event: { id: string }) => {
      await this.gates.get(workflowId)?.opened;
      if (this.failing.has(workflowId)) throw new Error('Temporal unavailable');
      this.completed.push(`${workflowId} ${event.id}`);
    };
    const signalWithStart = async (_wf: unknown, options: { workflowId: string; signalArgs: [{ id: string }] }) => {
      await deliver(options.workflowId, options.signalArgs[0]);
      started.add(options.workflowId);
      return { workflowId: options.workflowId };
    };
    const getHandle = (workflowId: string) => ({
      signal: async (_signal: unknown, event: { id: string }) => {
        if (!started.has(workflowId)) throw new WorkflowNotFoundError('not found', workflowId, undefined);
        await deliver(workflowId, event);
      },
    });
    return { signalWithStart, getHandle } as unknown as WorkflowClient;
  }
}

const AT = '2026-03-02T09:00:00+08:00';
const ITEM = { sku: 'FAN-01', name: 'fan', category: 'small_appliance', quantity: 1 };

function placed(id: string, orderId: string): NotifyEvent {
  return event({ id, type: 'order.placed', occurredAt: AT, data: { orderId, customerId: 'c-1', items: [ITEM] } });
}

function shipped(id: string, orderId: string): NotifyEvent {
  const data = { orderId, shipmentId: `${orderId}-s`, carrier: 'sf-express', trackingNumber: 'SF1' };
  return event({ id, type: 'shipment.created', occurredAt: AT, data });
}

function event(value: unknown): NotifyEvent {
  const parsed = parseEvent(value);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.event;
}

describe('routeBatch: one request, many orders', () => {
  let database: TestDatabase;
  let workflows: GatedWorkflows;
  let deps: RouterDeps;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    await database.clear();
    workflows = new GatedWorkflows();
    deps = {
      db: database.db,
      workflows: workflows.asClient(),
      taskQueue: 'notify',
      policy: loadConfig({ env: {} }).policy,
      source: 'api',
    };
  });

  const logged = async () =>
    (await database.db.selectFrom('ingest_events').select('event_id').orderBy('event_id').execute()).map(
      (r) => r.event_id,
    );

  it("lets other orders overtake a slow one, and keeps each order's events in request order", async () => {
    const openA = workflows.hold('order:o-a');
    const routing = routeBatch(
      deps,
      [placed('a1', 'o-a'), placed('b1', 'o-b'), shipped('a2', 'o-a'), shipped('b2', 'o-b')],
      new Date(),
    );
    // o-b finishes both milestones while o-a's first one is still waiting for Temporal.
    while (workflows.completed.length < 2) await new Promise((resolve) => setImmediate(resolve));
    expect(workflows.completed).toEqual(['order:o-b b1', 'order:o-b b2']);
    openA();
    const outcome = await routing;
    expect(outcome.ok).toBe(true);
    expect(outcome.outcomes.map((o) => o?.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect(workflows.completed.slice(2)).toEqual(['order:o-a a1', 'order:o-a a2']);
  });

  it('answers a repeated id within the request as a duplicate of its first occurrence, applied once', async () => {
    const outcome = await routeBatch(deps, [placed('p1', 'o-1'), placed('p1', 'o-1'), placed('p2', 'o-2')], new Date());
    expect(outcome.outcomes.map((o) => o?.status)).toEqual(['accepted', 'duplicate', 'accepted']);
    expect(workflows.completed).toEqual(['order:o-1 p1', 'order:o-2 p2']);
    expect(await logged()).toEqual(['p1', 'p2']);
  });

  it('on a Temporal failure keeps what was applied and forgets the rest, so a retry applies each event once', async () => {
    workflows.failing.add('order:o-bad');
    const batch = [placed('g1', 'o-good'), placed('x1', 'o-bad'), shipped('x2', 'o-bad'), shipped('g2', 'o-good')];
    const failed = await routeBatch(deps, batch, new Date(), 1);
    expect(failed.ok).toBe(false);
    // One order at a time: o-good went through; o-bad's placement failed, so its shipment was never tried.
    expect(failed.outcomes.map((o) => o?.status)).toEqual(['accepted', undefined, undefined, 'accepted']);
    expect(await logged()).toEqual(['g1', 'g2']);

    workflows.failing.clear();
    const retried = await routeBatch(deps, batch, new Date());
    expect(retried.ok).toBe(true);
    expect(retried.outcomes.map((o) => o?.status)).toEqual(['duplicate', 'accepted', 'accepted', 'duplicate']);
    expect(workflows.completed).toEqual(['order:o-good g1', 'order:o-good g2', 'order:o-bad x1', 'order:o-bad x2']);
    expect(await logged()).toEqual(['g1', 'g2', 'x1', 'x2']);
  });
});
