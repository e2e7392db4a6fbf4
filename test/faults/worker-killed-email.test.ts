import type { NotificationRow } from '../../db/tables/notifications';
import { customerUpserted, newId, ticketOpened, zoneAtLocalHour } from './harness/events';
import { type FaultStack, openFaultStack, postEvents } from './harness/fault-stack';
import { waitUntil, withTimeout } from './harness/wait';

/**
 * Reliability 14 / 2 and 4: the worker process is SIGKILLed while the SMTP server holds a message's DATA, complete,
 * before answering 250. SMTP leaves no way to ask the relay whether it kept the message, so the contract is: the
 * restarted worker never silently sends it again (no second DATA) and settles the row (an unknown outcome is
 * recorded, not left `claimed`); a resend, if one is ever made, must be counted on the row.
 */
let stack: FaultStack;
beforeAll(async () => {
  stack = await openFaultStack({ workers: 1, apis: 1 });
  await stack.startAll();
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

function outboxRow(key: string): Promise<NotificationRow | undefined> {
  return stack.db.selectFrom('notifications').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

it('never sends a second DATA for an email whose worker died after the relay took it, and settles the row', async () => {
  const customerId = newId('c');
  const ticketId = newId('t');
  const email = `${customerId}@faults.example`;
  let release!: () => void;
  const until = new Promise<void>((resolve) => (release = resolve));
  const arrived = new Promise<string>((resolve) => {
    stack.smtp.onData = (message) => {
      if (!message.to.includes(email) || message.messageId === undefined) return { kind: 'accept' };
      if (stack.smtp.received.filter((m) => m.to.includes(email)).length > 1) return { kind: 'accept' };
      resolve(message.messageId);
      return { kind: 'hold', until };
    };
  });

  const answer = await postEvents(stack.apiUrls[0] as string, [
    customerUpserted({ customerId, email, timezone: zoneAtLocalHour(12), preferredChannel: 'email' }),
    ticketOpened(ticketId, customerId),
  ]);
  expect(answer.status).toBe(202);

  const messageId = await withTimeout(arrived, 60_000, 'the ticket.ack DATA at the SMTP server');
  const worker = stack.workers[0];
  if (!worker) throw new Error('no worker');
  await worker.kill();
  release();
  const claimed = await stack.db
    .selectFrom('notifications')
    .selectAll()
    .where('workflow_id', '=', `ticket:${ticketId}`)
    .where('purpose', '=', 'ticket.ack')
    .executeTakeFirstOrThrow();
  expect(claimed).toMatchObject({ status: 'claimed', channel: 'email' });
  const key = claimed.idempotency_key;

  await worker.start();
  const settled = await waitUntil(
    `the outbox row ${key} to leave 'claimed'`,
    async () => {
      const row = await outboxRow(key);
      return row && row.status !== 'claimed' ? row : undefined;
    },
    {
      timeoutMs: 150_000,
      intervalMs: 500,
      describe: async () =>
        `${JSON.stringify(await outboxRow(key))}, DATA received ${stack.smtp.copies(messageId)} time(s)`,
    },
  );
  expect(stack.smtp.copies(messageId)).toBe(1);
  expect(settled.status).not.toBe('claimed');
}, 240_000);
