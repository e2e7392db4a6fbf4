import { ApplicationFailure } from '@temporalio/common';
import { audiencePage } from '../../db/repositories/campaign-audience';
import { insertRecipients, type NewRecipient, recipientTally } from '../../db/repositories/campaign-recipients';
import { assignRecipient } from '../../domain/campaign/assignment';
import { tallyOf } from '../../domain/campaign/counts';
import { nextSendTime } from '../../domain/send-window';
import type { ActivityDeps } from '../deps';
import { loadCampaignSettings } from './settings';
import { screenRecipients } from './screen';
import type { AssignPageInput, AssignPageResult } from '../../domain/campaign/activity-contract';

/**
 * Reads one audience page and stores each customer's fate: hold-out, or a variant by stable hash; then skipped with a
 * reason (opted out, no consent, capped, no contact) or pending with the earliest instant their window allows.
 * Safe to repeat: rows already stored stand, and the result describes the page as stored.
 */
export function createAssignCampaignPage(deps: ActivityDeps): (input: AssignPageInput) => Promise<AssignPageResult> {
  return async (input) => {
    const now = new Date(input.now);
    const settings = await loadCampaignSettings(deps.db, input.campaignId);
    if (!settings) throw notFound(input.campaignId);
    const def = settings.definition;
    const members = await audiencePage(deps.db, settings.audience, input.after, input.pageSize);
    const last = members[members.length - 1];
    if (!last) return { read: 0, lastId: null, done: true, tally: tallyOf([]) };

    const cohorts = members.map((m) => ({
      member: m,
      cohort: assignRecipient(def.id, m.customerId, def.holdoutShare, def.variants),
    }));
    const messaged = cohorts.filter((c) => !c.cohort.holdout).map((c) => c.member);
    const screened = await screenRecipients(deps, messaged, {
      channel: def.channel,
      messageClass: def.messageClass,
      now,
    });
    const window = deps.policy.windows[def.messageClass];
    const earliest = Math.max(input.now, def.startsAt ? Date.parse(def.startsAt) : 0);
    const rows: NewRecipient[] = cohorts.map(({ member, cohort }) => {
      const base = { customerId: member.customerId, orderId: member.orderId };
      if (cohort.holdout) {
        return { ...base, variant: null, holdout: true, status: 'skipped', reason: 'holdout', notBefore: null };
      }
      const verdict = screened.get(member.customerId);
      if (verdict && !verdict.ok) {
        return {
          ...base,
          variant: cohort.variant,
          holdout: false,
          status: 'skipped',
          reason: verdict.reason,
          notBefore: null,
        };
      }
      const notBefore = new Date(nextSendTime(earliest, member.timezone, window, deps.policy));
      return { ...base, variant: cohort.variant, holdout: false, status: 'pending', reason: null, notBefore };
    });
    await insertRecipients(deps.db, def.id, rows, now);
    const tally = tallyOf(await recipientTally(deps.db, def.id, { after: input.after, upTo: last.customerId }));
    return { read: members.length, lastId: last.customerId, done: members.length < input.pageSize, tally };
  };
}

export function notFound(campaignId: string): ApplicationFailure {
  return ApplicationFailure.create({
    message: `campaign ${campaignId} is not stored`,
    type: 'campaign.not_found',
    nonRetryable: true,
  });
}
