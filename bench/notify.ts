/**
 * Sends per second through the notify activity (customer lookup, channel choice, opt-out and cap checks, rendering,
 * outbox claim, provider call, outbox update) next to the bare provider call measured in the same run: the real
 * `twilio` client against the Twilio-compatible fake on loopback for both, the outbox on Postgres (DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/test) in a schema of its own, dropped afterwards.
 *
 *   npm run bench:notify -- [--sends 2000] [--rounds 3] [--concurrency 32]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createActivities } from '../activities';
import type { ActivityDeps } from '../activities/deps';
import { OutboxDirectory, OutboxEmailSender } from '../channels/outbox';
import { TwilioSmsSender } from '../channels/twilio';
import { loadConfig } from '../config/load';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { upsertCustomer } from '../db/repositories/customers';
import { CATALOGS } from '../templates';
import { startTwilioFake } from '../test/fakes/twilio-fake';
import { deriveServiceKeys } from '../security/keys';

const TARGET_SENDS_PER_SECOND = 300;
const TARGET_SHARE_OF_BARE = 0.4;
const ACCOUNT_SID = `AC${'0'.repeat(32)}`;
const AUTH_TOKEN = 'bench-token';

async function inParallel(count: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sends: { type: 'string', default: '2000' },
      rounds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '32' },
    },
  });
  const rounds = Number(values.rounds);
  const sends = Number(values.sends);
  const concurrency = Number(values.concurrency);
  const config = loadConfig({ env: {} });
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `notify_bench_${randomBytes(4).toString('hex')}`;
  const database = await connect({ databaseUrl: url, schema, maxConnections: concurrency });
  const fake = await startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  try {
    await migrateToLatest(database.db);
    const sms = new TwilioSmsSender({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: '+15005550006',
      baseUrl: fake.url,
    });
    const customers = 200;
    for (let i = 0; i < customers; i++) {
      await upsertCustomer(database.db, {
        id: `c-${i}`,
        name: '王芳',
        phone: `+1500555${String(1000 + i).padStart(4, '0')}`,
        email: null,
        locale: 'zh-CN',
        timezone: 'Asia/Shanghai',
        preferredChannel: 'sms',
        at: new Date(0),
      });
    }
    const deps: ActivityDeps = {
      db: database.db,
      sms,
      email: new OutboxEmailSender(new OutboxDirectory('/tmp/notify-bench'), config.channels.email.from),
      providers: { sms: 'twilio', email: 'outbox' },
      policy: config.policy,
      catalogs: CATALOGS,
      shop: config.shop,
      links: {
        publicUrl: config.api.publicUrl,
        keys: deriveServiceKeys('bench-secret-0123456789'),
        replyTtlMs: config.api.replyLinkTtlMs,
        unsubscribeTtlMs: config.api.unsubscribeLinkTtlMs,
      },
      alerts: { email: undefined, webhookUrl: undefined, locale: 'en' },
      clock: () => new Date(),
      fetch: globalThis.fetch,
    };
    const { notify } = createActivities(deps);
    const to = (i: number) => `+1500555${String(1000 + (i % customers)).padStart(4, '0')}`;

    const bareSend = (tag: string) => (i: number) =>
      sms.send({ to: to(i), body: '【Demo Shop】收到，谢谢！', idempotencyKey: `bare/${tag}/${i}` });
    const notifySend = (tag: string) => (i: number) =>
      notify({
        key: `bench:${tag}:${i}/reply.ack/1`,
        workflowId: `bench:${tag}:${i}`,
        purpose: 'reply.ack',
        customerId: `c-${i % customers}`,
        variant: 'csat_thanks',
        context: {},
      });

    // Warm both paths (connections, prepared statements, JIT) before measuring, then alternate rounds so drift in
    // the machine (a checkpoint, another process) falls on both sides; the median round of each is reported.
    await inParallel(200, concurrency, bareSend('warm'));
    await inParallel(200, concurrency, notifySend('warm'));
    const bareRates: number[] = [];
    const notifyRates: number[] = [];
    for (let round = 0; round < rounds; round++) {
      bareRates.push(sends / (await inParallel(sends, concurrency, bareSend(`r${round}`))));
      notifyRates.push(sends / (await inParallel(sends, concurrency, notifySend(`r${round}`))));
    }
    const bareRate = median(bareRates);
    const notifyRate = median(notifyRates);
    const rows = await database.db
      .selectFrom('notifications')
      .select(sql<number>`count(*)`.as('n'))
      .where('status', 'in', ['queued', 'sent'])
      .where('idempotency_key', 'like', 'bench:r%')
      .executeTakeFirstOrThrow();
    const range = (rates: number[]) => `${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)}`;
    process.stdout.write(
      [
        `bare provider call (twilio client → fake):  ${bareRate.toFixed(0)} sends/s  (rounds ${range(bareRates)})`,
        `notify activity (outbox on ${database.kind}):      ${notifyRate.toFixed(0)} sends/s  (rounds ${range(notifyRates)}; ${rows.n} outbox rows sent)`,
        `notify / bare: ${(notifyRate / bareRate).toFixed(2)} (target ≥ ${TARGET_SHARE_OF_BARE}: ${notifyRate / bareRate >= TARGET_SHARE_OF_BARE ? 'met' : 'MISSED'}); ` +
          `notify ≥ ${TARGET_SENDS_PER_SECOND}/s: ${notifyRate >= TARGET_SENDS_PER_SECOND ? 'met' : 'MISSED'}`,
        `(median of ${rounds} alternating rounds of ${sends} sends each, ${concurrency} at a time)`,
        '',
      ].join('\n'),
    );
  } finally {
    await fake.close();
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db).catch(() => undefined);
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
