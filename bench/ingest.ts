/**
 * Ingest benchmark (issue 6): signed `POST /v1/events` driven from a second process on loopback, next to the same
 * signal-with-start calls made straight from a Temporal client in the same run, then a paced run at a fixed rate.
 * The service runs as in production: temporal-lite in real time, `notify api` in this process, `notify worker` in a
 * process of its own, the database on Postgres (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
 * Every event is an order milestone (placed, then shipped), so each one costs the API a signal-with-start.
 *
 *   npm run bench:ingest -- [--orders 2000] [--batch 50] [--concurrency 8] [--direct-concurrency 32]
 *                           [--rate 500] [--paced-seconds 10] [--paced-batch 1] [--profile FILE.cpuprofile]
 *
 * `--profile` records a CPU profile of the API process during the POST phase (open it in Chrome DevTools).
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { summariseLatencies } from './devserver/latency-stats';
import { profiled } from './ingest/cpu-profile';
import { cpuMeter, type CpuShares } from './ingest/cpu-shares';
import type { DriverSetup, FromDriver, LoadPlan, LoadResult, ToDriver } from './ingest/protocol';
import { BENCH_SECRET, startBenchService } from './ingest/service';

const TARGET_EVENTS_PER_SECOND = 1000;
const TARGET_SHARE_OF_DIRECT = 0.7;
const TARGET_PACED_P99_MS = 50;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      orders: { type: 'string', default: '2000' },
      batch: { type: 'string', default: '50' },
      concurrency: { type: 'string', default: '8' },
      'direct-concurrency': { type: 'string', default: '32' },
      rate: { type: 'string', default: '500' },
      'paced-seconds': { type: 'string', default: '10' },
      'paced-batch': { type: 'string', default: '1' },
      profile: { type: 'string' },
    },
  });
  const positive = (name: string, text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, got ${text}`);
    return value;
  };
  return {
    orders: positive('orders', values.orders),
    batch: positive('batch', values.batch),
    concurrency: positive('concurrency', values.concurrency),
    directConcurrency: positive('direct-concurrency', values['direct-concurrency']),
    rate: positive('rate', values.rate),
    pacedSeconds: positive('paced-seconds', values['paced-seconds']),
    pacedBatch: positive('paced-batch', values['paced-batch']),
    profile: values.profile,
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
}

/** The driver process and a way to ask it for one phase of load. */
function startDriver(setup: DriverSetup) {
  const child = fork(path.join(__dirname, 'ingest', 'driver.ts'), [], {
    execArgv: ['--require', 'tsx/cjs'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<FromDriver>((resolve, reject) => {
      child.once('message', (message: FromDriver) => resolve(message));
      child.once('exit', (code) => reject(new Error(`driver exited (${code})`)));
    });
  const ask = async (message: ToDriver): Promise<FromDriver> => {
    const answer = next();
    child.send(message);
    const reply = await answer;
    if (reply.kind === 'error') throw new Error(`driver: ${reply.message}`);
    return reply;
  };
  return {
    ready: () => ask({ kind: 'setup', setup }),
    run: async (plan: LoadPlan): Promise<LoadResult> => {
      const reply = await ask({ kind: 'run', plan });
      if (reply.kind !== 'result') throw new Error(`driver answered ${reply.kind}`);
      return reply.result;
    },
    stop: () => child.disconnect(),
    pid: child.pid ?? 0,
  };
}

function cpuPerEvent(r: LoadResult & { cpu: CpuShares }): string {
  const per = (ms: number) => fmt(ms / Math.max(1, r.accepted), 2);
  return [r.cpu.apiMs, r.cpu.workerMs, r.cpu.driverMs, r.cpu.temporalMs, r.cpu.postgresMs].map(per).join(' / ');
}

const eventsPerSecond = (r: LoadResult) => r.accepted / (r.wallMs / 1000);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

async function main(): Promise<void> {
  const options = parseOptions();
  const service = await startBenchService(options.databaseUrl);
  const driver = startDriver({
    apiUrl: service.apiUrl,
    ingestSecret: BENCH_SECRET,
    temporalAddress: service.temporalAddress,
    namespace: service.config.temporal.namespace,
    taskQueue: service.config.temporal.taskQueue,
  });
  try {
    await driver.ready();
    const base = { batch: options.batch, concurrency: options.concurrency };
    const meter = cpuMeter({ driver: driver.pid, worker: service.workerPid, temporal: service.temporalPid });
    const phase = async (label: string, plan: LoadPlan) => {
      await service.workerIdle();
      process.stderr.write(`${label}…\n`);
      const stop = meter();
      const result = { ...(await driver.run(plan)), cpu: stop() };
      for (const [reason, count] of Object.entries(result.failures))
        process.stderr.write(`  ${count} failed: ${reason}\n`);
      return result;
    };
    // Warm-up: JIT, connection pools, the workflow cache; not reported.
    await phase('warm-up', { mode: 'http', tag: 'warm-http', orders: 200, ...base });
    await phase('warm-up', {
      mode: 'direct',
      tag: 'warm-direct',
      orders: 200,
      ...base,
      concurrency: options.directConcurrency,
    });

    const direct = await phase('direct signalWithStart', {
      mode: 'direct',
      tag: 'direct',
      orders: options.orders,
      ...base,
      concurrency: options.directConcurrency,
    });
    const http = await profiled(options.profile, () =>
      phase('POST /v1/events', { mode: 'http', tag: 'http', orders: options.orders, ...base }),
    );
    const pacedOrders = Math.round((options.rate * options.pacedSeconds) / 2);
    const paced = await phase(`POST /v1/events at ${options.rate}/s`, {
      mode: 'http',
      tag: 'paced',
      orders: pacedOrders,
      batch: options.pacedBatch,
      concurrency: 1,
      ratePerSecond: options.rate,
    });

    const d = summariseLatencies(direct.latenciesMs);
    const h = summariseLatencies(http.latenciesMs);
    const p = summariseLatencies(paced.latenciesMs);
    const ratio = eventsPerSecond(http) / eventsPerSecond(direct);
    const lines = [
      '',
      `ingest bench: ${options.orders * 2} events (${options.orders} orders placed then shipped), database ${service.databaseLocation}`,
      '',
      `| | POST /v1/events (batches of ${options.batch}, ${options.concurrency} in flight) | direct signalWithStart (${options.directConcurrency} in flight) | ratio |`,
      '|---|---|---|---|',
      `| accepted events per second | ${fmt(eventsPerSecond(http))} | ${fmt(eventsPerSecond(direct))} | ${fmt(ratio, 2)} |`,
      `| latency p50 / p99 (per request / per call) | ${fmt(h.p50, 1)} / ${fmt(h.p99, 1)} ms | ${fmt(d.p50, 1)} / ${fmt(d.p99, 1)} ms | |`,
      '',
      `| CPU ms per event: API / worker / driver / temporal-lite / Postgres | ${cpuPerEvent(http)} | ${cpuPerEvent(direct)} | |`,
      '',
      `paced: ${paced.accepted} of ${pacedOrders * 2} events accepted at ${options.rate}/s, ` +
        `${options.pacedBatch === 1 ? 'one event' : `${options.pacedBatch} events`} per request: ` +
        `p50 ${fmt(p.p50, 1)} ms, p99 ${fmt(p.p99, 1)} ms, max ${fmt(p.max, 1)} ms (from the scheduled send time)`,
      '',
      `targets: ≥ ${TARGET_EVENTS_PER_SECOND} events/s ${eventsPerSecond(http) >= TARGET_EVENTS_PER_SECOND ? 'met' : 'MISSED'}; ` +
        `≥ ${TARGET_SHARE_OF_DIRECT * 100} % of direct ${ratio >= TARGET_SHARE_OF_DIRECT ? 'met' : 'MISSED'}; ` +
        `p99 < ${TARGET_PACED_P99_MS} ms at ${options.rate}/s ${p.p99 < TARGET_PACED_P99_MS ? 'met' : 'MISSED'}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    driver.stop();
    await service.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:ingest: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
