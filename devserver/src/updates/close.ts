import { type Run } from '../history/run';
import { notifyUpdate } from './deliver';

const ACCEPTED_UPDATE_COMPLETED_WORKFLOW = {
  message: 'Workflow Update failed because the Workflow completed before the Update completed.',
  source: 'Server',
  applicationFailureInfo: { type: 'AcceptedUpdateCompletedWorkflow', nonRetryable: true },
};

/**
 * The run closed: accepted updates fail with the real server's failure; admitted ones are dropped so their callers
 * get "workflow execution already completed".
 */
export function failUpdatesOnClose(run: Run): void {
  for (const [id, update] of run.updates) {
    if (update.stage === 'completed') continue;
    if (update.stage === 'accepted') {
      update.outcome = { failure: ACCEPTED_UPDATE_COMPLETED_WORKFLOW };
      update.stage = 'completed';
    } else {
      run.updates.delete(id);
    }
    notifyUpdate(update);
  }
}
