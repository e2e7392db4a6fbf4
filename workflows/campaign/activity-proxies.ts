import { type ActivityOptions, proxyActivities } from '@temporalio/workflow';
import type { CampaignActivities } from '../../domain/campaign/activity-contract';

/**
 * The campaign's activities. A page or a batch is quick (well under a minute); transient database or provider
 * trouble retries with backoff, and every step is safe to repeat, so retrying never sends twice.
 */
export const campaignActivityOptions: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

export const campaignActivities = proxyActivities<CampaignActivities>(campaignActivityOptions);
