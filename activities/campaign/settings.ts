import { sql } from 'kysely';
import type { DbOrTransaction } from '../../db/database';
import type { AudienceSource } from '../../db/repositories/campaign-audience';
import type { CampaignStatus } from '../../db/tables/campaigns';
import type { CampaignDefinition } from '../../domain/campaign/definition';

export interface CampaignSettings {
  readonly id: string;
  readonly status: CampaignStatus;
  /** The stored definition without its id lists (they can be long; the audience query reads them in place). */
  readonly definition: CampaignDefinition;
  readonly audience: AudienceSource;
}

/** The stored campaign as the activities use it. Undefined when no campaign has the id. */
export async function loadCampaignSettings(
  db: DbOrTransaction,
  campaignId: string,
): Promise<CampaignSettings | undefined> {
  const row = await db
    .selectFrom('campaigns')
    .select([
      'id',
      'status',
      sql<CampaignDefinition>`(definition #- '{audience,customerIds}') #- '{audience,orderIds}'`.as('definition'),
      sql<boolean>`(definition -> 'audience' -> 'customerIds') is not null`.as('has_customer_ids'),
      sql<boolean>`(definition -> 'audience' -> 'orderIds') is not null`.as('has_order_ids'),
    ])
    .where('id', '=', campaignId)
    .executeTakeFirst();
  if (!row) return undefined;
  const definition =
    typeof row.definition === 'string' ? (JSON.parse(row.definition) as CampaignDefinition) : row.definition;
  return {
    id: row.id,
    status: row.status,
    definition,
    audience: {
      campaignId,
      filter: definition.audience,
      hasCustomerIds: row.has_customer_ids,
      hasOrderIds: row.has_order_ids,
    },
  };
}

/** `campaign:<id>/campaign/`: the notify key prefix; the customer id completes it. */
export const campaignKeyPrefix = (campaignId: string): string => `campaign:${campaignId}/campaign/`;
