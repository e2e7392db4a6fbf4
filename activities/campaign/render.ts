import type { DbOrTransaction } from '../../db/database';
import { pickLocale, renderMessage, type RenderedMessage } from '../../domain/templates/render';
import type { ActivityDeps } from '../deps';

export interface CampaignCopyTarget {
  readonly customerName: string | null;
  readonly locale: string | null;
  readonly orderId: string | null;
  /** The template variant key under purpose `campaign`. */
  readonly template: string;
}

/** Product names of many orders (their first line), for the copy's `{{productName}}`: one query per batch. */
export async function productNames(db: DbOrTransaction, orderIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(orderIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('order_items')
    .select(['order_id', 'name'])
    .where('order_id', 'in', ids)
    .where('line_no', '=', 1)
    .execute();
  return new Map(rows.map((r) => [r.order_id, r.name]));
}

/** Renders a campaign message the way the notify activity renders any message: same catalogs, fallback, variables. */
export function renderCampaignCopy(
  deps: Pick<ActivityDeps, 'catalogs' | 'policy' | 'shop'>,
  target: CampaignCopyTarget,
  products: ReadonlyMap<string, string>,
): RenderedMessage {
  const locale = pickLocale(deps.catalogs, target.locale, deps.policy.localeFallback);
  const variables: Record<string, string> = {
    shopName: deps.shop.name,
    supportContact: deps.shop.supportContact,
    customerName: target.customerName ?? '',
    orderId: target.orderId ?? '',
    productName: (target.orderId && products.get(target.orderId)) || '',
    carrier: '',
    trackingNumber: '',
    lastLocation: '',
    ticketId: '',
    subject: '',
    expectedResponse: '',
    promisedDate: '',
  };
  return renderMessage(deps.catalogs, deps.policy.localeFallback, {
    purpose: 'campaign',
    locale,
    variables,
    variant: target.template,
  });
}
