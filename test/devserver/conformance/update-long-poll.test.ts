import { cacheModes } from './harness/cache-modes';
import { useConformanceEnv } from './harness/conformance-env';
import { expectWellFormedHistory } from './harness/history-invariants';
import { uniqueId } from './harness/ids';
import { finishSignal, releaseSignal, updatable, waitForReleaseUpdate } from './workflows/updates';

/**
 * Scenario 5, long-running update: an update that takes longer than the server's update long-poll
 * interval. The server must answer with the stage reached so far (never DEADLINE_EXCEEDED on its own
 * timer) and the client keeps polling until the outcome. The interval is lowered the way the SDK's own
 * suite lowers it for the dev server, so the test needs seconds rather than the default 20 s.
 */
const updateLongPollMs = 1_000;
const suite = useConformanceEnv(require.resolve('./workflows/updates'), {
  extraArgs: ['--dynamic-config-value', `history.longPollExpirationInterval=${updateLongPollMs}ms`],
});

describe.each(cacheModes)('scenario 5: an update outliving the update long-poll interval ($name)', (mode) => {
  it('keeps the caller waiting across several long polls until the update completes', async () => {
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await suite.env.client.workflow.start(updatable, {
        taskQueue,
        workflowId: uniqueId('update-long'),
      });
      let settled = false;
      const update = handle.executeUpdate(waitForReleaseUpdate, { args: ['patient'] }).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 2.5 * updateLongPollMs));
      expect(settled).toBe(false);

      await handle.signal(releaseSignal);
      expect(await update).toBe('released patient');
      await handle.signal(finishSignal);
      expect(await handle.result()).toEqual(['patient']);
      expectWellFormedHistory(await handle.fetchHistory());
    });
  });
});
