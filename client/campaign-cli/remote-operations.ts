import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { CampaignRow } from '../../db/tables/campaigns';
import type { CampaignProgress } from '../../workflows/campaign/contract';
import type { CampaignListEntry, CampaignOperationError, CreateResult, StartResult } from '../campaign/operations';
import { ServiceCallError, type ServiceLink } from '../service-link';
import type { CampaignOperations } from './run-command';

/**
 * The campaign operations as the running `notify start` performs them (api/routes/operator/campaigns.ts), with the
 * signatures and errors of the direct ones, so every campaign subcommand prints the same either way. The context
 * argument is unused: the service brings its own database and Temporal client.
 */
export function remoteCampaignOperations(link: ServiceLink, direct: CampaignOperations): CampaignOperations {
  const call = async <T>(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown): Promise<T> => {
    try {
      return await link.call<T>(method, pathAndQuery, body);
    } catch (err) {
      if (err instanceof ServiceCallError && err.body.kind === 'campaign' && err.body.code) {
        throw new direct.CampaignOperationError(err.body.code as CampaignOperationError['code'], err.message);
      }
      throw err;
    }
  };
  const id = (campaignId: string) => `/campaigns/${encodeURIComponent(campaignId)}`;
  return {
    ...direct,
    createCampaign: async (_ctx, definition, options) =>
      reviveCreateResult(await call<CreateResult>('POST', '/campaigns', { definition, dryRun: options.dryRun })),
    previewCampaign: async (_ctx, definition) => {
      const result = await call<CreateResult>('POST', '/campaigns', { definition, dryRun: true });
      if (!result.dryRun) throw new Error('the running service stored a campaign when asked for a preview');
      return result.preview;
    },
    listCampaigns: async () => (await call<{ campaigns: CampaignListEntry[] }>('GET', '/campaigns')).campaigns,
    startCampaign: (_ctx, campaignId) => call<StartResult>('POST', `${id(campaignId)}/start`),
    pauseCampaign: async (_ctx, campaignId) => void (await call('POST', `${id(campaignId)}/pause`)),
    resumeCampaign: async (_ctx, campaignId) => void (await call('POST', `${id(campaignId)}/resume`)),
    cancelCampaign: async (_ctx, campaignId) => void (await call('POST', `${id(campaignId)}/cancel`)),
    campaignStatus: (_ctx, campaignId) => call<CampaignProgress>('GET', `${id(campaignId)}/status`),
  };
}

/** Stands in for the database in the context of remote operations: none of them may touch it. */
export function databaseHeldBy(link: ServiceLink): Kysely<Database> {
  return new Proxy({} as Kysely<Database>, {
    get: () => {
      throw new Error(`the embedded database is held by notify start (${link.description})`);
    },
  });
}

/** JSON carried the stored row's timestamps as strings; the printers expect what kysely returns. */
function reviveCreateResult(result: CreateResult): CreateResult {
  if (result.dryRun) return result;
  const row = result.row as unknown as Record<keyof CampaignRow, unknown>;
  const at = (value: unknown) => (typeof value === 'string' ? new Date(value) : value);
  return {
    ...result,
    row: {
      ...result.row,
      created_at: at(row.created_at) as Date,
      updated_at: at(row.updated_at) as Date,
      starts_at: (row.starts_at === null ? null : at(row.starts_at)) as Date | null,
    },
  };
}
