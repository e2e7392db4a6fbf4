import { getNotification } from '../../db/repositories/outbox';
import { loadSendContext } from '../../db/repositories/send-context';
import type { NotificationRow } from '../../db/tables/notifications';
import type { MessageContext, RedeliveryInput, RedeliveryPlan } from '../../domain/activity-contract';
import { afterAcceptance, isAfterAcceptanceCode } from '../../domain/after-acceptance';
import type { CustomerPurpose, MessageClass } from '../../domain/policy';
import { PURPOSES } from '../../domain/templates/purposes';
import { redeliveryKey } from '../../workflows/redelivery/contract';
import type { ActivityDeps } from '../deps';
import { chooseChannel } from './choose-channel';

/** The one redelivery a failed message gets: its key with this suffix, so a second failure is not redelivered. */
export const REDELIVERY_SUFFIX = redeliveryKey('');

/**
 * Decides, by domain/after-acceptance.ts, what follows an SMS that failed after Twilio accepted it, and builds the
 * send that does it from the outbox row (ids only, for the workflow's history).
 */
export function createPlanRedelivery(deps: ActivityDeps): (input: RedeliveryInput) => Promise<RedeliveryPlan> {
  return async ({ key, errorCode }) => {
    const row = await getNotification(deps.db, key);
    if (!row || row.channel !== 'sms' || !row.customer_id || !(row.purpose in PURPOSES)) {
      return { action: 'record_only', reason: 'not_a_customer_sms' };
    }
    if (key.endsWith(REDELIVERY_SUFFIX)) return { action: 'record_only', reason: 'already_redelivered' };
    // A campaign is paced and counted by its own workflow; its failures are recorded there, never resent here.
    if (row.purpose === 'campaign') return { action: 'record_only', reason: 'campaign' };
    if (!isAfterAcceptanceCode(errorCode)) return { action: 'record_only', reason: 'not_after_acceptance' };
    const messageClass = row.message_class as MessageClass;
    const now = deps.clock();
    const context = await loadSendContext(deps.db, {
      customerId: row.customer_id,
      key: `${key}${REDELIVERY_SUFFIX}`,
      asOf: now,
      needsConsent: messageClass === 'marketing',
    });
    const emailUsable = context ? chooseChannel(context, messageClass, 'email').ok : false;
    const decided = afterAcceptance(messageClass, errorCode, emailUsable);
    if (decided.kind === 'record_only') return { action: 'record_only', reason: decided.reason };
    return {
      action: decided.kind,
      afterMs: decided.kind === 'sms_later' ? decided.afterMs : 0,
      notify: {
        key: `${key}${REDELIVERY_SUFFIX}`,
        workflowId: row.workflow_id,
        purpose: row.purpose as CustomerPurpose,
        customerId: row.customer_id,
        ...(row.variant ? { variant: row.variant } : {}),
        context: await contextOf(deps, row),
        messageClass,
        channel: decided.kind === 'email' ? 'email' : 'sms',
        // A prompt's redelivery takes replies until the original's window closes (workflows accept its key too).
        ...replyWindowLeft(row, now),
      },
    };
  };
}

function replyWindowLeft(row: NotificationRow, now: Date): { replyWindowMs?: number } {
  const left = row.reply_expires_at ? row.reply_expires_at.getTime() - now.getTime() : 0;
  return left > 0 ? { replyWindowMs: left } : {};
}

/**
 * What the message was about, from the sending workflow's id: `order:<id>` names the order (and its latest shipment
 * carries the tracking details), `ticket:<id>` the ticket.
 */
async function contextOf(deps: ActivityDeps, row: NotificationRow): Promise<MessageContext> {
  const colon = row.workflow_id.indexOf(':');
  const kind = row.workflow_id.slice(0, colon);
  const id = row.workflow_id.slice(colon + 1);
  if (kind === 'ticket') return { ticketId: id };
  if (kind !== 'order') return {};
  const shipment = await deps.db
    .selectFrom('shipments')
    .select('id')
    .where('order_id', '=', id)
    .orderBy('shipped_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { orderId: id, ...(shipment ? { shipmentId: shipment.id } : {}) };
}
