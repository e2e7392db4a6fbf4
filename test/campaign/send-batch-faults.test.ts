import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { createCampaign } from '../../db/repositories/campaigns';
import { insertRecipients } from '../../db/repositories/campaign-recipients';
import { getNotification } from '../../db/repositories/outbox';
import type { SendBatchInput, SendBatchResult } from '../../domain/campaign/activity-contract';
import { activityDeps } from '../activities/helpers/deps';
import { useNotifySuite } from '../activities/helpers/notify-suite';
import { seedCustomer } from '../activities/helpers/seed';
import { BACKENDS } from '../db/helpers/backends';

/** 19:00 on 2026-03-02 in Shanghai: inside the service window (09:00–20:00). */
const SEVEN_PM = new Date('2026-03-02T11:00:00Z');
/** 20:30 the same evening: the window has closed. */
const HALF_EIGHT = new Date('2026-03-02T12:30:00Z');
/** 09:00 the next morning: the window's next opening. */
const NINE_AM = new Date('2026-03-03T01:00:00Z');

const CAMPAIGN = 'spring-tips';
const keyOf = (customerId: string) => `campaign:${CAMPAIGN}/campaign/${customerId}`;

describe.each(BACKENDS)('campaign batches under faults, outbox on %s', (backend) => {
  const s = useNotifySuite(backend);

  async function campaign(customerIds: string[], channel: 'sms' | 'email' | null = null): Promise<void> {
    await createCampaign(s.t.db, {
      id: CAMPAIGN,
      name: 'Spring tips',
      template: 'guide_push',
      messageClass: 'service',
      channel,
      definition: {
        id: CAMPAIGN,
        name: 'Spring tips',
        audience: { customerIds },
        variants: [{ name: 'A', weight: 1, template: 'guide_push' }],
        holdoutShare: 0,
        channel,
        messageClass: 'service',
        startsAt: null,
        pacing: { messagesPerSecond: 100 },
      },
      dryRun: false,
      startsAt: null,
      at: SEVEN_PM,
    });
    await insertRecipients(
      s.t.db,
      CAMPAIGN,
      customerIds.map((customerId) => ({
        customerId,
        variant: 'A',
        holdout: false,
        status: 'pending' as const,
        reason: null,
        orderId: null,
        notBefore: SEVEN_PM,
      })),
      SEVEN_PM,
    );
  }

  /** One batch attempt, scheduled by Temporal at `scheduledAt` (a batch that runs late is scheduled late). */
  function batch(now: Date, scheduledAt: Date = now): Promise<SendBatchResult> {
    // The activity's own clock reads the scheduled instant too.
    const deps = activityDeps(s.t.db, s.channels, s.clock, { clock: () => scheduledAt });
    const env = new MockActivityEnvironment({ currentAttemptScheduledTimestampMs: scheduledAt.getTime() });
    const input: SendBatchInput = { campaignId: CAMPAIGN, limit: 10, now: now.getTime() };
    return env.run(createActivities(deps).sendCampaignBatch, input);
  }

  it('a batch that runs after the window closed sends nothing and defers its recipients to the opening', async () => {
    await campaign(['c-1']);

    const result = await batch(SEVEN_PM, HALF_EIGHT);

    expect(result).toMatchObject({ processed: 1, sent: 0, nextDueAt: NINE_AM.getTime() });
    expect(s.creates()).toHaveLength(0);
    expect(await getNotification(s.t.db, keyOf('c-1'))).toBeUndefined();

    expect(await batch(NINE_AM)).toMatchObject({ sent: 1 });
    expect(s.creates()).toHaveLength(1);
  });

  it('records each acceptance as it comes, not at the end of the batch', async () => {
    await seedCustomer(s.t.db, { id: 'c-2', phone: '+14155550124', email: 'li.lei@customer.example' });
    await campaign(['c-1', 'c-2']);
    const slow = s.channels.twilio.holdNext();

    const running = batch(SEVEN_PM);
    await slow.received;
    // One create is held at Twilio; the other was accepted and must already be on its row.
    await until(async () => (await recorded()).length === 1);
    slow.release();
    expect(await running).toMatchObject({ sent: 2 });
    expect(await recorded()).toHaveLength(2);

    async function recorded(): Promise<string[]> {
      const rows = await s.t.db
        .selectFrom('notifications')
        .select('provider_message_id')
        .where('provider_message_id', 'is not', null)
        .execute();
      return rows.map((r) => r.provider_message_id as string);
    }
  });

  it('never resends an email after the relay dropped the connection after DATA: the outcome is recorded unknown', async () => {
    await seedCustomer(s.t.db, { preferredChannel: 'email' });
    await campaign(['c-1'], 'email');
    s.channels.smtp.failNext({ stage: 'drop-after-data' });

    const first = await batch(SEVEN_PM);
    expect(first).toMatchObject({ sent: 0 });
    const retry = new Date(SEVEN_PM.getTime() + 60_000);
    const second = await batch(retry);

    expect(second).toMatchObject({ sent: 1 });
    expect(s.channels.smtp.messages).toHaveLength(1);
    expect(await getNotification(s.t.db, keyOf('c-1'))).toMatchObject({
      status: 'sent',
      outcome_unknown_at: retry,
      reconciled_at: retry,
    });
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
