/**
 * temporal-lite throughput benchmark: workflows of one activity and one timer, run through the real SDK
 * worker and time-skipping client against the temporal-lite server, 200 at a time, compared with the same
 * workflows run one at a time. Reports throughput, start-to-complete latency and the server's CPU share.
 *
 *   npm run bench:devserver -- [--workflows 2000] [--concurrency 200] [--baseline 100] [--timer "1 minute"]
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode, makeTelemetryFilterString } from '@temporalio/worker';
import { createTestEnv } from '../test/helpers/temporal-env';
import { type LoadResult, runInWaves } from './devserver/waves';
import { summariseLatencies } from './devserver/latency-stats';
import { findServerPid, ownCpuMs, processCpuMs } from './devserver/process-cpu';
import { type BenchActivities, activityThenTimer } from './devserver/workflows/activity-then-timer';

const TARGET_WORKFLOWS_PER_SECOND = 300;
const TARGET_SERVER_CPU_SHARE = 0.4;

interface BenchOptions {
  workflows: number;
  concurrency: number;
  baseline: number;
  timer: string;
}

function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      workflows: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '200' },
      baseline: { type: 'string', default: '100' },
      timer: { type: 'string', default: '1 minute' },
    },
  });
  const positive = (name: string, text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, got ${text}`);
    return value;
  };
  return {
    workflows: positive('workflows', values.workflows),
    concurrency: positive('concurrency', values.concurrency),
    baseline: positive('baseline', values.baseline),
    timer: values.timer,
  };
}

interface Measured extends LoadResult {
  serverCpuMs: number;
  benchCpuMs: number;
}

async function measure(serverPid: number, run: () => Promise<LoadResult>): Promise<Measured> {
  const [serverBefore, benchBefore] = [processCpuMs(serverPid), ownCpuMs()];
  const result = await run();
  return { ...result, serverCpuMs: processCpuMs(serverPid) - serverBefore, benchCpuMs: ownCpuMs() - benchBefore };
}

const perSecond = (result: LoadResult): number => result.completed / (result.wallMs / 1000);
const fixed = (value: number, digits = 1): string => value.toFixed(digits);

async function main(options: BenchOptions): Promise<void> {
  // Errors only: Core's warnings would interleave with the figures.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } },
  });
  const env = await createTestEnv();
  try {
    const serverPid = findServerPid(process.pid);
    const taskQueue = 'bench-devserver';
    const activities: BenchActivities = { touch: (order) => Promise.resolve(order) };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: require.resolve('./devserver/workflows/activity-then-timer'),
        logger: new DefaultLogger('ERROR'),
      }),
      activities,
    });

    let started = 0;
    const oneWorkflow = (): Promise<number> =>
      env.client.workflow.execute(activityThenTimer, {
        taskQueue,
        workflowId: `bench-${started++}`,
        args: [started, options.timer],
      });

    const [baseline, concurrent] = await worker.runUntil(async () => {
      await runInWaves(20, 20, oneWorkflow); // warm-up: JIT, bundle caches, connections
      const sequential = await measure(serverPid, () => runInWaves(options.baseline, 1, oneWorkflow));
      const loaded = await measure(serverPid, () => runInWaves(options.workflows, options.concurrency, oneWorkflow));
      return [sequential, loaded] as const;
    });
    report(options, baseline, concurrent);
  } finally {
    await env.teardown();
  }
}

function report(options: BenchOptions, baseline: Measured, concurrent: Measured): void {
  const latency = summariseLatencies(concurrent.latenciesMs);
  const baselineLatency = summariseLatencies(baseline.latenciesMs);
  const throughput = perSecond(concurrent);
  const baselineThroughput = perSecond(baseline);
  const totalCpuMs = concurrent.serverCpuMs + concurrent.benchCpuMs;
  const serverShare = concurrent.serverCpuMs / totalCpuMs;
  const baselineShare = baseline.serverCpuMs / (baseline.serverCpuMs + baseline.benchCpuMs);
  const verdict = (ok: boolean): string => (ok ? 'meets target' : 'BELOW TARGET');

  const lines = [
    `temporal-lite benchmark: activity -> ${options.timer} timer -> complete, time-skipping client, real SDK 1.24 worker`,
    `workflows: ${concurrent.completed} in waves of ${options.concurrency} started together, in ${fixed(concurrent.wallMs / 1000, 2)} s`,
    `throughput: ${fixed(throughput)} workflows/s (target >= ${TARGET_WORKFLOWS_PER_SECOND}: ${verdict(throughput >= TARGET_WORKFLOWS_PER_SECOND)})`,
    `latency start-to-complete: p50 ${fixed(latency.p50)} ms, p99 ${fixed(latency.p99)} ms, max ${fixed(latency.max)} ms`,
    `CPU: server ${fixed(concurrent.serverCpuMs / 1000, 2)} s, bench process (client + worker) ${fixed(concurrent.benchCpuMs / 1000, 2)} s`,
    `server share of CPU: ${fixed(serverShare * 100)} % (target < ${TARGET_SERVER_CPU_SHARE * 100} %: ${verdict(serverShare < TARGET_SERVER_CPU_SHARE)})`,
    `server CPU per workflow: ${fixed(concurrent.serverCpuMs / concurrent.completed, 2)} ms`,
    ceilingLine(concurrent),
    `baseline (same workflows one at a time, ${baseline.completed} runs): ${fixed(baselineThroughput)} workflows/s, p50 ${fixed(baselineLatency.p50)} ms, p99 ${fixed(baselineLatency.p99)} ms, server CPU share ${fixed(baselineShare * 100)} %, server CPU per workflow ${fixed(baseline.serverCpuMs / baseline.completed, 2)} ms`,
    `ratio concurrent/baseline: throughput x${fixed(throughput / baselineThroughput, 2)}, p50 latency x${fixed(latency.p50 / baselineLatency.p50, 2)}, server CPU per workflow x${fixed(concurrent.serverCpuMs / concurrent.completed / (baseline.serverCpuMs / baseline.completed), 2)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * The SDK client and worker share this machine's cores with the server. Their CPU per workflow bounds throughput
 * whatever the server costs: with a server that used no CPU at all, the cores could complete at most this many.
 */
function ceilingLine(concurrent: Measured): string {
  const cores = availableParallelism();
  const sdkMsPerWorkflow = concurrent.benchCpuMs / concurrent.completed;
  const ceiling = (cores * 1000) / sdkMsPerWorkflow;
  const bothMsPerWorkflow = (concurrent.benchCpuMs + concurrent.serverCpuMs) / concurrent.completed;
  return (
    `CPU-bound ceilings on ${cores} cores: SDK client + worker alone ${fixed(sdkMsPerWorkflow, 2)} ms per workflow -> ` +
    `at most ${fixed(ceiling)} workflows/s even with a server that costs nothing; with this server ` +
    `${fixed(bothMsPerWorkflow, 2)} ms -> at most ${fixed((cores * 1000) / bothMsPerWorkflow)} workflows/s`
  );
}

main(parseOptions(process.argv.slice(2))).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
