import { type History, eventTypes } from './history';

/**
 * Re-reads a history until `predicate` holds. For outcomes the server reaches on its own after a
 * worker reported something (a workflow-task failure), where there is no client call to await.
 */
export async function waitForHistory(
  handle: { fetchHistory(): Promise<History> },
  predicate: (history: History) => boolean,
  { timeoutMs = 15_000, intervalMs = 50 } = {},
): Promise<History> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const history = await handle.fetchHistory();
    if (predicate(history)) return history;
    if (Date.now() > deadline) {
      throw new Error(`history never reached the expected state; events: ${eventTypes(history).join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
