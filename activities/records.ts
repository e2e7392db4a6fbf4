import { getNotification } from '../db/repositories/outbox';
import { recordServiceAction } from '../db/repositories/service-actions';
import { lastProgressAt } from '../db/repositories/shipments';
import { recordSurveyResponse } from '../db/repositories/surveys';
import { recordTicketOpened, recordTicketReopened } from '../db/repositories/tickets';
import type { ActivityDeps } from './deps';
import type { RecordActionInput, ShipmentProgress, SurveyInput, TicketRecord } from '../domain/activity-contract';

/** The small bookkeeping activities: what the service did, what the carrier last said, tickets and scores. */

export function createRecordAction(deps: ActivityDeps): (input: RecordActionInput) => Promise<void> {
  return async (input) => {
    await recordServiceAction(deps.db, {
      key: input.key,
      action: input.action,
      customerId: input.customerId,
      orderId: input.orderId ?? null,
      shipmentId: input.shipmentId ?? null,
      ticketId: input.ticketId ?? null,
      detail: input.detail ?? null,
      at: deps.clock(),
    });
  };
}

export function createShipmentProgress(deps: ActivityDeps): (shipmentId: string) => Promise<ShipmentProgress> {
  return async (shipmentId) => {
    const at = await lastProgressAt(deps.db, shipmentId);
    return { lastProgressAt: at === null ? null : at.getTime() };
  };
}

/** Tickets the helpdesk opened are recorded by the API (with their subject); menu tickets are recorded here. */
export function createRecordTicket(deps: ActivityDeps): (ticket: TicketRecord) => Promise<void> {
  return async (ticket) => {
    const at = deps.clock();
    if (ticket.status === 'reopened') {
      await recordTicketReopened(deps.db, ticket.ticketId, at);
      return;
    }
    await recordTicketOpened(deps.db, {
      id: ticket.ticketId,
      customerId: ticket.customerId,
      orderId: ticket.orderId ?? null,
      priority: ticket.priority,
      channel: ticket.reason ? 'reply_menu' : null,
      subject: ticket.reason ? `Opened from the ${ticket.reason.replace(/_/g, ' ')} reply menu` : 'Support ticket',
      openedAt: at,
    });
  };
}

/**
 * Inbound messages recorded from a reply link in an email carry this provider (api/reply-link's
 * REPLY_LINK_PROVIDER; a test keeps the two equal); every other inbound message came by SMS.
 */
export const REPLY_LINK_INBOUND_PROVIDER = 'reply-link';

export function createRecordSurveyResponse(deps: ActivityDeps): (input: SurveyInput) => Promise<void> {
  return async (input) => {
    const promptKey = input.key.replace(/\/score$/, '');
    const inboundMessageId = parseInboundId(input.inboundId);
    await recordSurveyResponse(deps.db, {
      promptKey,
      ticketId: input.ticketId,
      orderId: input.orderId ?? null,
      customerId: input.customerId,
      score: input.score,
      channel: await replyChannel(deps, inboundMessageId, promptKey),
      inboundMessageId,
      respondedAt: deps.clock(),
    });
  };
}

/**
 * The channel the score came in on: from the inbound message when the workflow passed its id; for workflows that
 * started before it did, the channel the check-in went out on (an email check-in is answered by its links).
 */
async function replyChannel(deps: ActivityDeps, inboundId: number | null, promptKey: string): Promise<string> {
  if (inboundId !== null) {
    const inbound = await deps.db
      .selectFrom('inbound_messages')
      .select('provider')
      .where('id', '=', inboundId)
      .executeTakeFirst();
    if (inbound) return inbound.provider === REPLY_LINK_INBOUND_PROVIDER ? 'email' : 'sms';
  }
  const prompt = await getNotification(deps.db, promptKey);
  return prompt?.channel === 'email' ? 'email' : 'sms';
}

function parseInboundId(id: string | undefined): number | null {
  if (id === undefined || !/^\d+$/.test(id)) return null;
  const value = Number(id);
  return Number.isSafeInteger(value) ? value : null;
}
