import { reapplyUnappliedEvents } from '../../api/ingest/reapply-unapplied';
import { routeBatch } from '../../api/ingest/route-batch';
import { ingestRecordOf, type RouterDeps } from '../../api/ingest/route-event';
import { getIngestEvent, recordIngestEvents } from '../../db/repositories/event-log';
import { getCustomer } from '../../db/repositories/customers';
import { getTicket } from '../../db/repositories/tickets';
import { type NotifyEvent, parseEvent } from '../../domain/events';
import {
  type ApiFixture,
  customerEvent,
  openApiFixture,
  orderPlacedEvent,
  signedEventHeaders,
} from './helpers/api-fixture';

interface EventsAnswer {
  results: { id: string | null; status: string; errors?: { path: string; message: string }[] }[];
}

function event(value: Record<string, unknown>): NotifyEvent {
  const parsed = parseEvent(value);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.event;
}

const ticketOpened = (id: string, ticketId: string) => ({
  id,
  type: 'ticket.opened',
  occurredAt: '2026-03-05T15:50:00+08:00',
  data: { ticketId, customerId: 'c-1', priority: 'normal', channel: 'email', subject: 'Fan rattles' },
});
const agentReplied = (id: string, ticketId: string) => ({
  id,
  type: 'ticket.agent_replied',
  occurredAt: '2026-03-05T15:55:00+08:00',
  data: { ticketId, agentId: 'agent-7' },
});

describe('ingest: an event counts as taken only once applied (reliability.md 15)', () => {
  let fx: ApiFixture;
  let deps: RouterDeps;
  beforeAll(async () => {
    fx = await openApiFixture();
    deps = {
      db: fx.database.db,
      workflows: fx.workflows.asClient(),
      taskQueue: 'notify',
      policy: fx.config.policy,
      source: 'api',
      clock: () => fx.now,
    };
  });
  afterAll(async () => {
    await fx.close();
  });
  beforeEach(async () => {
    await fx.database.clear();
    fx.workflows.calls.length = 0;
    fx.workflows.started.clear();
  });

  const post = async (events: unknown[]) => {
    const body = JSON.stringify({ events });
    const answer = await fx.request({
      method: 'POST',
      url: '/v1/events',
      payload: body,
      headers: signedEventHeaders(body, fx.now),
    });
    expect(answer.statusCode).toBe(202);
    return answer.json<EventsAnswer>().results;
  };
  const signalledIds = () => fx.workflows.calls.map((call) => (call.args[0] as { id: string }).id);

  /** What a request killed between recording and applying leaves behind: the id in the log, nothing done. */
  const recordedByKilledRequest = (events: NotifyEvent[], receivedAt: Date) =>
    recordIngestEvents(
      fx.database.db,
      events.map((e) => ingestRecordOf(e, receivedAt, 'api')),
    );

  it('applies the re-post of an event whose first request died after recording it, then answers duplicate', async () => {
    const placed = event(orderPlacedEvent('e-placed', 'o-1', 'c-1'));
    await recordedByKilledRequest([placed], fx.now);
    expect(await getIngestEvent(fx.database.db, 'e-placed')).toMatchObject({ applied_at: null });

    expect(await post([orderPlacedEvent('e-placed', 'o-1', 'c-1')])).toEqual([{ id: 'e-placed', status: 'accepted' }]);
    expect(signalledIds()).toEqual(['e-placed']);
    expect(await getIngestEvent(fx.database.db, 'e-placed')).toMatchObject({ applied_at: fx.now });
    expect(await fx.database.db.selectFrom('orders').select('id').execute()).toEqual([{ id: 'o-1' }]);

    expect(await post([orderPlacedEvent('e-placed', 'o-1', 'c-1')])).toEqual([{ id: 'e-placed', status: 'duplicate' }]);
    expect(signalledIds()).toEqual(['e-placed']);
  });

  it('lets two API processes re-apply the same re-post at once: both succeed, the order is written once', async () => {
    const placed = event(orderPlacedEvent('e-twice', 'o-2', 'c-1'));
    await recordedByKilledRequest([placed], fx.now);
    const [a, b] = await Promise.all([routeBatch(deps, [placed], fx.now), routeBatch(deps, [placed], fx.now)]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    // Both may deliver the signal; the journey ignores an event id it has seen (order-journey tests).
    expect(new Set(signalledIds())).toEqual(new Set(['e-twice']));
    expect(await fx.database.db.selectFrom('orders').select('id').execute()).toEqual([{ id: 'o-2' }]);
    expect(await getIngestEvent(fx.database.db, 'e-twice')).toMatchObject({ applied_at: fx.now });
    expect((await routeBatch(deps, [placed], fx.now)).outcomes).toEqual([{ status: 'duplicate' }]);
  });

  it('sweeps events left unapplied for over a minute, and leaves younger ones to the request still applying them', async () => {
    const old = event(orderPlacedEvent('e-old', 'o-3', 'c-1'));
    const young = event(orderPlacedEvent('e-young', 'o-4', 'c-1'));
    await recordedByKilledRequest([old], new Date(fx.now.getTime() - 5 * 60_000));
    await recordedByKilledRequest([young], new Date(fx.now.getTime() - 10_000));
    expect(await reapplyUnappliedEvents(deps, fx.now)).toEqual({ reapplied: 1, refused: 0, failed: 0 });
    expect(signalledIds()).toEqual(['e-old']);
    expect(await getIngestEvent(fx.database.db, 'e-old')).toMatchObject({ applied_at: fx.now });
    expect(await getIngestEvent(fx.database.db, 'e-young')).toMatchObject({ applied_at: null });
    expect(await reapplyUnappliedEvents(deps, fx.now)).toEqual({ reapplied: 0, refused: 0, failed: 0 });
  });

  it('re-applies a swept customer record with its dropped phone still dropped: the stored phone is kept', async () => {
    await fx.database.db
      .insertInto('customers')
      .values({ id: 'c-9', name: 'Wang', phone: '+8613800138000', created_at: fx.now, updated_at: fx.now })
      .execute();
    const update = event({
      ...customerEvent('e-cust', 'c-9', '+447700900123'),
      occurredAt: new Date(fx.now.getTime() + 60_000).toISOString(),
    });
    expect(update.warnings).toEqual([expect.objectContaining({ field: 'data.phone' })]);
    await recordedByKilledRequest([update], new Date(fx.now.getTime() - 120_000));
    expect(await reapplyUnappliedEvents(deps, fx.now)).toEqual({ reapplied: 1, refused: 0, failed: 0 });
    expect(await getCustomer(fx.database.db, 'c-9')).toMatchObject({
      phone: '+8613800138000',
      email: 'wangfang@example.com',
    });
  });

  it('leaves an event whose sweep failed (Temporal down) for the next sweep', async () => {
    await recordedByKilledRequest(
      [event(orderPlacedEvent('e-down', 'o-5', 'c-1'))],
      new Date(fx.now.getTime() - 120_000),
    );
    const down = { ...deps, workflows: { signalWithStart: () => Promise.reject(new Error('UNAVAILABLE')) } } as never;
    expect(await reapplyUnappliedEvents(down, fx.now)).toEqual({ reapplied: 0, refused: 0, failed: 1 });
    expect(await reapplyUnappliedEvents(deps, fx.now)).toEqual({ reapplied: 1, refused: 0, failed: 0 });
  });

  describe('a ticket event refused because its ticket has no workflow yet does not reserve its id', () => {
    it('agent_replied before ticket.opened: refused with the reason; its resend after ticket.opened is applied', async () => {
      expect(await post([agentReplied('e-reply', 't-1')])).toEqual([
        {
          id: 'e-reply',
          status: 'rejected',
          errors: [{ path: '', message: 'no open ticket t-1: send ticket.opened first' }],
        },
      ]);
      expect(await getIngestEvent(fx.database.db, 'e-reply')).toBeUndefined();

      expect(await post([ticketOpened('e-open', 't-1')])).toEqual([{ id: 'e-open', status: 'accepted' }]);
      expect(await post([agentReplied('e-reply', 't-1')])).toEqual([{ id: 'e-reply', status: 'accepted' }]);
      expect(fx.workflows.calls.map((c) => [c.kind, c.workflowId, (c.args[0] as { id: string }).id])).toEqual([
        ['signalWithStart', 'ticket:t-1', 'e-open'],
        ['signal', 'ticket:t-1', 'e-reply'],
      ]);
      // The first response is on the ticket, so the SLA sees it.
      expect((await getTicket(fx.database.db, 't-1'))?.first_response_at).toEqual(new Date('2026-03-05T07:55:00Z'));
      expect(await post([agentReplied('e-reply', 't-1')])).toEqual([{ id: 'e-reply', status: 'duplicate' }]);
    });

    it('in the normal order both are accepted in one request, and applied in request order', async () => {
      expect(await post([ticketOpened('e-open', 't-2'), agentReplied('e-reply', 't-2')])).toEqual([
        { id: 'e-open', status: 'accepted' },
        { id: 'e-reply', status: 'accepted' },
      ]);
      expect(signalledIds()).toEqual(['e-open', 'e-reply']);
      expect(await getIngestEvent(fx.database.db, 'e-reply')).toMatchObject({ applied_at: fx.now });
    });
  });
});
