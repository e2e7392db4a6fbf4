import { DateTime } from 'luxon';
import { ticketStateQuery } from '../../workflows/support-ticket/contract';
import { localMinute, type Scenario, toSecond, WorkflowHarness } from './harness';

const ZONE = 'America/New_York';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let harness: WorkflowHarness;

beforeAll(async () => {
  harness = await WorkflowHarness.start();
}, 120_000);

afterAll(async () => {
  await harness?.teardown();
});

async function openTicket(s: Scenario, priority = 'normal') {
  const ticketId = `t-${s.suffix}`;
  const customerId = `c-${s.suffix}`;
  s.fake.zones.set(customerId, ZONE);
  await s.goToLocal(ZONE, '14:00');
  const openedAt = await s.now();
  await s.ticketEvent(
    ticketId,
    customerId,
    'ticket.opened',
    { customerId, priority, channel: 'email', subject: 'Fan' },
    {
      priority,
    },
  );
  return { ticketId, customerId, openedAt };
}

const alertsOf = (s: Scenario) => s.fake.alerts.map((a) => [a.purpose, toSecond(a.at)]);

describe('first-response SLA', () => {
  it('acknowledges at once, warns at 75 %, escalates and reassures at breach', () =>
    harness.run(async (s) => {
      const { openedAt } = await openTicket(s);
      await s.sleep(MINUTE);
      expect(s.sentOf('ticket.ack')).toMatchObject([{ facts: { expectedResponseMs: HOUR } }]);
      await s.sleepUntil(openedAt + 2 * HOUR);
      expect(alertsOf(s)).toEqual([
        ['sla.warning', toSecond(openedAt + 45 * MINUTE)],
        ['sla.breach', toSecond(openedAt + HOUR)],
      ]);
      expect(s.sentOf('ticket.sla_holding').map((m) => toSecond(m.at))).toEqual([toSecond(openedAt + HOUR)]);
    }));

  it('an agent reply one second before the deadline means no breach and no holding message', () =>
    harness.run(async (s) => {
      const { ticketId, customerId, openedAt } = await openTicket(s);
      await s.sleepUntil(openedAt + HOUR - 1000, 0);
      await s.ticketEvent(ticketId, customerId, 'ticket.agent_replied', { agentId: 'agent-7' });
      await s.sleepUntil(openedAt + 3 * HOUR);
      expect(alertsOf(s)).toEqual([['sla.warning', toSecond(openedAt + 45 * MINUTE)]]);
      expect(s.sentOf('ticket.sla_holding')).toHaveLength(0);
      const state = await s.harness.env.client.workflow.getHandle(`ticket:${ticketId}`).query(ticketStateQuery);
      expect(state.sla.state).toBe('met');
    }));

  it('an agent reply one second after the deadline leaves exactly one breach', () =>
    harness.run(async (s) => {
      const { ticketId, customerId, openedAt } = await openTicket(s);
      await s.sleepUntil(openedAt + HOUR + 1000, 0);
      await s.ticketEvent(ticketId, customerId, 'ticket.agent_replied', { agentId: 'agent-7' });
      await s.sleepUntil(openedAt + 3 * HOUR);
      expect(alertsOf(s)).toEqual([
        ['sla.warning', toSecond(openedAt + 45 * MINUTE)],
        ['sla.breach', toSecond(openedAt + HOUR)],
      ]);
      expect(s.sentOf('ticket.sla_holding')).toHaveLength(1);
      const state = await s.harness.env.client.workflow.getHandle(`ticket:${ticketId}`).query(ticketStateQuery);
      expect(state.sla.state).toBe('breached');
    }));
});

describe('check-in and satisfaction', () => {
  async function resolvedTicket(s: Scenario) {
    const ticket = await openTicket(s);
    await s.ticketEvent(ticket.ticketId, ticket.customerId, 'ticket.agent_replied', { agentId: 'a' });
    await s.goToLocal(ZONE, '11:00');
    const resolvedAt = await s.now();
    await s.ticketEvent(ticket.ticketId, ticket.customerId, 'ticket.resolved', { resolution: 'info' });
    await s.sleepUntil(resolvedAt + 3 * DAY);
    return { ...ticket, resolvedAt };
  }

  it('checks in three days after resolution at 10:00 local', () =>
    harness.run(async (s) => {
      const { resolvedAt } = await resolvedTicket(s);
      const [checkin] = s.sentOf('ticket.checkin');
      expect(localMinute(checkin?.at ?? 0, ZONE)).toBe(
        DateTime.fromMillis(resolvedAt, { zone: ZONE }).plus({ days: 3 }).toFormat("yyyy-LL-dd'T'10:00"),
      );
      expect(checkin?.replyWindowMs).toBe(3 * DAY);
    }));

  it('thanks a good score once and closes', () =>
    harness.run(async (s) => {
      const { ticketId } = await resolvedTicket(s);
      await s.replyToLatestPrompt('5');
      await s.replyToLatestPrompt('4');
      await s.sleep(MINUTE);
      expect(s.sentOf('reply.ack').map((m) => m.variant)).toEqual(['csat_thanks']);
      expect(s.fake.surveys.map((r) => r.score)).toEqual([5]);
      const result: unknown = await s.harness.env.client.workflow.getHandle(`ticket:${ticketId}`).result();
      expect(result).toBe('closed');
    }));

  it('a score of 1 alerts staff and reopens the ticket at high priority without a new ticket.ack', () =>
    harness.run(async (s) => {
      const { ticketId } = await resolvedTicket(s);
      const reopenedAt = await s.now();
      await s.replyToLatestPrompt('1');
      await s.sleep(MINUTE);
      expect(s.sentOf('reply.ack').map((m) => m.variant)).toEqual(['csat_low']);
      expect(s.fake.alerts.map((a) => a.purpose)).toContain('csat.low');
      expect(s.fake.actions.map((a) => a.action)).toEqual(['ticket.reopen']);
      const state = await s.harness.env.client.workflow.getHandle(`ticket:${ticketId}`).query(ticketStateQuery);
      expect(state).toMatchObject({ priority: 'high', stage: 'open', reopened: 1, sla: { state: 'running' } });
      await s.sleepUntil(reopenedAt + HOUR);
      // The new SLA is the high-priority one: 30 minutes, warned at 22.5.
      const breach = s.fake.alerts.filter((a) => a.purpose === 'sla.breach');
      expect(breach).toHaveLength(1);
      expect((breach[0]?.at ?? 0) - reopenedAt).toBeLessThanOrEqual(31 * MINUTE);
      expect(s.sentOf('ticket.ack')).toHaveLength(1);
    }));
});
