import { recipientTally, skipAllPending } from '../../db/repositories/campaign-recipients';
import { setCampaignStatus } from '../../db/repositories/campaigns';
import { type CampaignTally, tallyOf } from '../../domain/campaign/counts';
import type { ActivityDeps } from '../deps';
import { notFound } from './assign-page';
import { loadCampaignSettings } from './settings';
import type { BeginCampaignInput, CampaignPlan, CampaignStatusInput } from '../../domain/campaign/activity-contract';

/**
 * The run's first step: what the workflow needs to pace itself, and the campaign marked running. A campaign an
 * operator cancelled stays cancelled: a re-run of its id does nothing.
 */
export function createBeginCampaign(deps: ActivityDeps): (input: BeginCampaignInput) => Promise<CampaignPlan> {
  return async (input) => {
    const settings = await loadCampaignSettings(deps.db, input.campaignId);
    if (!settings) throw notFound(input.campaignId);
    const def = settings.definition;
    const plan = {
      name: def.name,
      messagesPerSecond: def.pacing.messagesPerSecond,
      variants: def.variants.map((v) => v.name),
    };
    if (settings.status === 'cancelled') return { status: 'cancelled', ...plan };
    if (settings.status !== 'running') await setCampaignStatus(deps.db, def.id, 'running', new Date(input.now));
    return { status: 'ready', ...plan };
  };
}

/**
 * Records a status change; cancelling also skips every recipient still pending (reason `cancelled`), so nothing
 * sends them later. Returns the campaign's totals as stored, which a finished run reports as its final counts.
 */
export function createRecordCampaignStatus(deps: ActivityDeps): (input: CampaignStatusInput) => Promise<CampaignTally> {
  return async (input) => {
    const at = new Date(input.now);
    const updated = await setCampaignStatus(deps.db, input.campaignId, input.status, at);
    if (!updated) throw notFound(input.campaignId);
    if (input.status === 'cancelled') await skipAllPending(deps.db, input.campaignId, 'cancelled', at);
    return tallyOf(await recipientTally(deps.db, input.campaignId));
  };
}
