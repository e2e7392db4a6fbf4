import { ApplicationFailure } from '@temporalio/common';
import { ticketStateQuery } from '../../workflows/support-ticket/contract';
import { WorkflowHarness } from './harness';

const HOUR = 3_600_000;

let harness: WorkflowHarness;

beforeAll(async () => {
  harness = await WorkflowHarness.start();
}, 120_000);

afterAll(async () => {
  await harness?.teardown();
});

describe('a send whose activity gives up', () => {
  it('after two hours of transient failures the workflow settles its row, then carries on', () =>
    harness.run(async (s) => {
      const ticketId = `t-${s.suffix}`;
      const customerId = `c-${s.suffix}`;
      s.fake.zones.set(customerId, 'Asia/Shanghai');
      await s.goToLocal('Asia/Shanghai', '10:00');
      // The provider answers 500 to every attempt of the acknowledgement.
      s.fake.notifyFailure = (input) =>
        input.purpose === 'ticket.ack' ? ApplicationFailure.retryable('twilio 500', 'channel.temporary') : undefined;
      await s.ticketEvent(ticketId, customerId, 'ticket.opened', {
        customerId,
        priority: 'low',
        channel: 'email',
        subject: 'Fan',
      });

      await s.sleep(2 * HOUR + 10 * 60_000);

      expect(s.fake.settled).toEqual([`ticket:${ticketId}/ticket.ack/1`]);
      const state = await s.harness.env.client.workflow.getHandle(`ticket:${ticketId}`).query(ticketStateQuery);
      expect(state.sent[0]).toBe('ticket.ack: failed (channel.gave_up)');
    }));

  it('a permanent failure is not settled again: the activity already recorded it', () =>
    harness.run(async (s) => {
      const ticketId = `t-${s.suffix}`;
      const customerId = `c-${s.suffix}`;
      s.fake.notifyFailure = (input) =>
        input.purpose === 'ticket.ack'
          ? ApplicationFailure.nonRetryable('invalid number', 'channel.invalid_number')
          : undefined;
      await s.ticketEvent(ticketId, customerId, 'ticket.opened', {
        customerId,
        priority: 'low',
        channel: 'email',
        subject: 'Fan',
      });
      await s.sleep(60_000);

      expect(s.fake.settled).toEqual([]);
    }));
});
