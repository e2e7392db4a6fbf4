import { createCampaign, startCampaign } from '../../client/campaign/operations';
import { loadConfig } from '../../config/load';
import { type CampaignProgress, campaignWorkflowId } from '../../workflows/campaign/contract';
import { phoneNumber, zoneAtLocalHour } from './harness/events';
import { type FaultStack, openFaultStack } from './harness/fault-stack';
import { messagesPerKey } from './harness/twilio-gate';
import { withTimeout } from './harness/wait';

/**
 * Reliability 14 / 11: a campaign batch in flight when the worker process is SIGKILLed. The gate holds the 21st
 * create of the batch; the worker dies with that message and every other create already on the wire still to be
 * stored by the fake. The restarted worker retries the batch once its start-to-close timeout (2 minutes, wall time:
 * the running activity holds temporal-lite's time-skipping lock) has passed; the dead attempt's claims are reconciled
 * at the provider, and each recipient must have received exactly one message.
 */
const RECIPIENTS = 60;
const KILL_AT = 21;
const CAMPAIGN = 'faults-killed-batch';

let stack: FaultStack;
beforeAll(async () => {
  stack = await openFaultStack({ workers: 1 });
  await stack.startAll();
  await seedAudience(RECIPIENTS);
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

/** Customers with a FAN-01 order and marketing consent, at midday in their (fixed-offset) zone. */
async function seedAudience(size: number): Promise<void> {
  const at = new Date(Date.now() - 86_400_000);
  const timezone = zoneAtLocalHour(12);
  const ids = Array.from({ length: size }, (_, i) => `c-campaign-${i}`);
  await stack.db
    .insertInto('customers')
    .values(
      ids.map((id, i) => ({
        id,
        name: `Recipient ${i}`,
        phone: phoneNumber(10_000 + i),
        email: null,
        locale: 'en',
        timezone,
        preferred_channel: 'sms' as const,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
  await stack.db
    .insertInto('orders')
    .values(
      ids.map((id, i) => ({ id: `o-campaign-${i}`, customer_id: id, placed_at: at, created_at: at, updated_at: at })),
    )
    .execute();
  await stack.db
    .insertInto('order_items')
    .values(
      ids.map((_id, i) => ({
        order_id: `o-campaign-${i}`,
        line_no: 1,
        sku: 'FAN-01',
        name: 'Desk fan',
        category: 'small_appliance',
        quantity: 1,
      })),
    )
    .execute();
  await stack.db
    .insertInto('consent_events')
    .values(
      ids.map((id) => ({
        customer_id: id,
        channel: null,
        kind: 'consent_granted' as const,
        purpose_class: 'marketing',
        source: 'cli' as const,
        at,
      })),
    )
    .execute();
}

it('delivers each recipient of a batch whose worker was killed mid-batch exactly once', async () => {
  let creates = 0;
  let release!: () => void;
  const until = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => {
    stack.twilio.onCreate = () => {
      creates += 1;
      if (creates !== KILL_AT) return { kind: 'pass' };
      resolve();
      return { kind: 'hold', until };
    };
  });
  const ops = { db: stack.db, client: stack.env.client, config: loadConfig({ env: {} }) };
  await createCampaign(
    ops,
    {
      id: CAMPAIGN,
      name: 'killed mid-batch',
      audience: { skus: ['FAN-01'] },
      variants: [{ name: 'A', weight: 1, template: 'guide_push' }],
      holdoutShare: 0,
      pacing: { messagesPerSecond: 50 },
    },
    { dryRun: false },
  );
  await startCampaign(ops, CAMPAIGN);

  await withTimeout(reached, 60_000, `the ${KILL_AT}th campaign create at the Twilio gate`);
  const worker = stack.workers[0];
  if (!worker) throw new Error('no worker');
  await worker.kill();
  release();
  await worker.start();

  const result: CampaignProgress = await withTimeout(
    stack.env.client.workflow.getHandle(campaignWorkflowId(CAMPAIGN)).result(),
    300_000,
    'the campaign to complete after the restart',
  );
  expect(result.status).toBe('completed');
  expect(result.counts.sent).toBe(RECIPIENTS);

  const perKey = messagesPerKey(stack.fake);
  expect(perKey.size).toBe(RECIPIENTS);
  expect([...perKey.values()].every((n) => n === 1)).toBe(true);
  expect(new Set(stack.fake.messages.map((m) => m.to)).size).toBe(RECIPIENTS);
  const rows = await stack.db
    .selectFrom('notifications')
    .select(['status', 'provider_message_id', 'duplicate_count'])
    .where('workflow_id', '=', campaignWorkflowId(CAMPAIGN))
    .execute();
  expect(rows).toHaveLength(RECIPIENTS);
  expect(rows.every((r) => (r.status === 'queued' || r.status === 'sent') && r.duplicate_count === 0)).toBe(true);
  expect(new Set(rows.map((r) => r.provider_message_id))).toEqual(new Set(stack.fake.messages.map((m) => m.sid)));
}, 420_000);
