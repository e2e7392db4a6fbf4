/**
 * The ingest bench's load driver, forked as a second process so the HTTP client's CPU is not the API's. It sends
 * signed `POST /v1/events` requests, or (the baseline) the same signal-with-start calls straight to Temporal.
 */
import { Connection, WorkflowClient } from '@temporalio/client';
import { loadConfig } from '../../config/load';
import type { Policy } from '../../domain/policy';
import { signIngestBody } from '../../security/ingest-signature';
import { signalJourneyDirectly } from './direct-signal';
import { type BenchEvent, orderMilestones } from './events';
import { closedLoop, openLoop } from './load-loops';
import type { DriverSetup, FromDriver, LoadPlan, LoadResult, ToDriver } from './protocol';

interface Driver {
  readonly setup: DriverSetup;
  readonly workflows: WorkflowClient;
  readonly policy: Policy;
}

let driver: Driver | undefined;

function send(message: FromDriver): void {
  process.send?.(message);
}

process.on('message', (message: ToDriver) => {
  handle(message).catch((err: unknown) =>
    send({ kind: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));

async function handle(message: ToDriver): Promise<void> {
  if (message.kind === 'setup') {
    const connection = await Connection.connect({ address: message.setup.temporalAddress });
    const workflows = new WorkflowClient({ connection, namespace: message.setup.namespace });
    driver = { setup: message.setup, workflows, policy: loadConfig({ env: {} }).policy };
    send({ kind: 'ready' });
    return;
  }
  if (!driver) throw new Error('run before setup');
  send({ kind: 'result', result: await run(driver, message.plan) });
}

async function run(d: Driver, plan: LoadPlan): Promise<LoadResult> {
  const now = new Date();
  const events = Array.from({ length: plan.orders }, (_, i) => orderMilestones(plan.tag, i, now)).flat();
  const latencies: number[] = [];
  let accepted = 0;
  const failures = new Map<string, number>();
  const timed = async (from: number, work: () => Promise<number>) => {
    try {
      const ok = await work(); // not `accepted += await …`: that reads `accepted` before the await
      accepted += ok;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
    }
    latencies.push(performance.now() - from);
  };

  let wallMs: number;
  if (plan.mode === 'direct') {
    const direct = (event: BenchEvent) => async () => {
      await signalJourneyDirectly(d.workflows, d.setup.taskQueue, d.policy, event);
      return 1;
    };
    wallMs = await closedLoop(plan.orders, plan.concurrency, async (order) => {
      // An order's two milestones in order, as the API sends them; orders in parallel.
      for (const event of events.slice(order * 2, order * 2 + 2)) await timed(performance.now(), direct(event));
    });
  } else if (plan.ratePerSecond === undefined) {
    const requests = Math.ceil(events.length / plan.batch);
    wallMs = await closedLoop(requests, plan.concurrency, (r) =>
      timed(performance.now(), () => post(d.setup, events.slice(r * plan.batch, (r + 1) * plan.batch))),
    );
  } else {
    // Requests at a fixed event rate; a request that starts with an order's shipment waits for the one before it,
    // which carries that order's placement.
    const requests = Math.ceil(events.length / plan.batch);
    const answered: Promise<void>[] = [];
    wallMs = await openLoop(requests, plan.ratePerSecond / plan.batch, (r, scheduledAt) => {
      const slice = events.slice(r * plan.batch, (r + 1) * plan.batch);
      const request = (async () => {
        if ((r * plan.batch) % 2 === 1) await answered[r - 1];
        await timed(scheduledAt, () => post(d.setup, slice));
      })();
      answered[r] = request;
      return request;
    });
  }
  return { accepted, failures: Object.fromEntries(failures), wallMs, latenciesMs: latencies };
}

/** One signed request; resolves to the number of events the API accepted. */
async function post(setup: DriverSetup, events: readonly BenchEvent[]): Promise<number> {
  const body = JSON.stringify({ events });
  const response = await fetch(`${setup.apiUrl}/v1/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-notify-signature': signIngestBody(setup.ingestSecret, body, Math.floor(Date.now() / 1000)),
    },
    body,
  });
  const answer = (await response.json()) as { results?: { status: string }[]; error?: string };
  if (response.status !== 202 || !answer.results) throw new Error(`HTTP ${response.status}: ${answer.error ?? '?'}`);
  const accepted = answer.results.filter((r) => r.status === 'accepted').length;
  if (accepted < events.length) throw new Error(`${events.length - accepted} of ${events.length} events not accepted`);
  return accepted;
}
