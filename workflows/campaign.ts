import { allHandlersFinished, condition, continueAsNew, setHandler } from '@temporalio/workflow';
import { CampaignRun } from './campaign/campaign-state';
import {
  cancelSignal,
  type CampaignInput,
  type CampaignProgress,
  pauseSignal,
  progressQuery,
  resumeSignal,
  stateQuery,
} from './campaign/contract';
import { CampaignFlow } from './campaign/flow';

/**
 * One operator campaign (architecture.md 4.3): the audience page by page, a stable variant or hold-out per
 * customer, consent, opt-out and caps filtered with recorded reasons, sends planned in each recipient's window and
 * paced by a token bucket, pause, resume and cancel between batches. A new run per page (continue-as-new) keeps
 * histories short; re-running the id sends nothing twice, because every outcome is stored per recipient.
 */
export async function campaign(input: CampaignInput): Promise<CampaignProgress> {
  const run = new CampaignRun(input);
  setHandler(pauseSignal, () => run.pause());
  setHandler(resumeSignal, () => run.resume());
  setHandler(cancelSignal, () => run.cancel());
  setHandler(progressQuery, () => run.progress());
  setHandler(stateQuery, () => run.view());

  const end = await new CampaignFlow(run).execute();
  if (end === 'continue_as_new') {
    await condition(allHandlersFinished);
    await continueAsNew<typeof campaign>({ ...input, carryOver: run.data });
  }
  return run.progress();
}
