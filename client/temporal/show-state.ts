import type { QueryDefinition } from '@temporalio/common';
import type { Config } from '../../config/config';
import { EXIT } from '../exit-codes';
import { writeJson } from '../output/json';
import type { Terminal } from '../output/terminal';
import { queryWorkflowState } from './query-state';
import { withWorkflowClient } from './workflow-client';

export interface ShowStateRequest<T> {
  /** `order journey`, `support ticket`: what the not-found line calls it. */
  readonly noun: string;
  readonly workflowId: string;
  readonly query: QueryDefinition<T, []>;
  readonly json: boolean;
  readonly render: (state: T) => string;
}

/**
 * The body of `order show` and `ticket show`: query, then print readably or as JSON. Returns the exit code: not
 * found is one line on stderr and exit 1.
 */
export async function showWorkflowState<T>(
  temporal: Config['temporal'],
  terminal: Terminal,
  request: ShowStateRequest<T>,
): Promise<number> {
  const state = await withWorkflowClient(temporal, (client, connection) =>
    queryWorkflowState(client, connection, request.workflowId, request.query),
  );
  if (state === undefined) {
    terminal.err.write(`notify: no ${request.noun} ${request.workflowId} in namespace ${temporal.namespace}\n`);
    return EXIT.failure;
  }
  if (request.json) writeJson(terminal.out, state);
  else terminal.out.write(request.render(state));
  return EXIT.ok;
}
