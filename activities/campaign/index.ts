import type { ActivityDeps } from '../deps';
import { createAssignCampaignPage } from './assign-page';
import { createBeginCampaign, createRecordCampaignStatus } from './lifecycle';
import { createSendCampaignBatch } from './send-batch';
import type { CampaignActivities } from '../../domain/campaign/activity-contract';

/** The campaign workflow's activities, closed over the worker's dependencies. */
export function createCampaignActivities(deps: ActivityDeps): CampaignActivities {
  return {
    beginCampaign: createBeginCampaign(deps),
    assignCampaignPage: createAssignCampaignPage(deps),
    sendCampaignBatch: createSendCampaignBatch(deps),
    recordCampaignStatus: createRecordCampaignStatus(deps),
  };
}
