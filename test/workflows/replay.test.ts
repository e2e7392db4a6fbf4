import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createTestEnv } from '../helpers/temporal-env';

/**
 * Histories of representative runs (npm run capture:histories) must replay against today's workflow code with the
 * same commands: a change that would break running workflows fails here, and is then guarded with `patched()`.
 */
const HISTORIES = path.join(__dirname, '..', 'fixtures', 'histories');
const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  // Installs the quiet runtime logger shared by the suite; the environment itself is not needed for replay.
  await (await createTestEnv()).teardown();
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quiet });
}, 120_000);

function history(file: string): { events: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')) as { events: Record<string, unknown>[] };
}

it('has histories of both workflow types to replay', () => {
  expect(files.some((f) => f.startsWith('order_'))).toBe(true);
  expect(files.some((f) => f.startsWith('ticket_'))).toBe(true);
});

/** `order_o-1001.json` holds the history of `order:o-1001`: notification keys derive from the workflow id. */
function workflowIdOf(file: string): string {
  return file.replace(/\.json$/, '').replace('_', ':');
}

it.each(files)('replays %s with the same commands', async (file) => {
  await expect(
    Worker.runReplayHistory({ workflowBundle: bundle }, history(file), workflowIdOf(file)),
  ).resolves.toBeUndefined();
});

it('detects a history the code no longer matches', async () => {
  const altered = history('order_o-1001.json');
  const scheduled = altered.events.find((e) => e.activityTaskScheduledEventAttributes) as {
    activityTaskScheduledEventAttributes: { activityType: { name: string } };
  };
  scheduled.activityTaskScheduledEventAttributes.activityType.name = 'alertStaff';
  await expect(Worker.runReplayHistory({ workflowBundle: bundle }, altered, 'order:o-1001')).rejects.toBeInstanceOf(
    DeterminismViolationError,
  );
});

it('keeps personal data out of workflow histories', () => {
  const personal = ['+8613800138000', '13800138000', 'wangfang@example.com', '王芳', 'Dana', 'dana@example.com'];
  const personalRe = new RegExp(personal.map((p) => p.replace(/[+.]/g, '\\$&')).join('|'));
  for (const file of files) {
    const text = readFileSync(path.join(HISTORIES, file), 'utf8');
    expect(text).not.toMatch(personalRe);
    expect(text).not.toMatch(/您好|Hi Dana/); // no rendered message bodies either
  }
});
