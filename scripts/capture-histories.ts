import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { loadConfig } from '../config/load';
import { runSimulation } from '../worker/simulation/run-simulation';
import { readTrace } from '../worker/simulation/trace';

/**
 * Regenerates test/fixtures/histories/: runs representative traces through the simulator and saves every workflow's
 * history, for the replay test. Run after a deliberate workflow change (with `patched()` guarding old histories).
 *   npm run capture:histories
 */
const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'test', 'fixtures', 'histories');
const TRACES = [
  path.join(ROOT, 'test', 'fixtures', 'traces', 'stall-reply-chase.jsonl'),
  path.join(ROOT, 'test', 'fixtures', 'traces', 'ticket-sla-checkin.jsonl'),
  path.join(OUT, 'reship-csat.trace.jsonl'),
];

async function main(): Promise<void> {
  const config = loadConfig({ env: {} });
  for (const trace of TRACES) {
    await runSimulation(config, await readTrace(trace), {
      beforeTeardown: async (env) => {
        for await (const execution of env.client.workflow.list()) {
          const history = await env.client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
          const file = path.join(OUT, `${execution.workflowId.replace(/[^A-Za-z0-9-]+/g, '_')}.json`);
          await writeFile(file, `${historyToJSON(history)}\n`);
          process.stdout.write(
            `${execution.workflowId} (${execution.type}): ${history.events?.length ?? 0} events → ${file}\n`,
          );
        }
      },
    });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
