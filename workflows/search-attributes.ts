import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Search attributes every notify workflow may set (architecture.md 7); the worker registers them at start-up. */
export const ORDER_ID = defineSearchAttributeKey('OrderId', SearchAttributeType.KEYWORD);
export const TICKET_ID = defineSearchAttributeKey('TicketId', SearchAttributeType.KEYWORD);
export const CUSTOMER_ID = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const CAMPAIGN_ID = defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD);
export const CARRIER = defineSearchAttributeKey('Carrier', SearchAttributeType.KEYWORD);
export const JOURNEY_STAGE = defineSearchAttributeKey('JourneyStage', SearchAttributeType.KEYWORD);
export const SLA_STATE = defineSearchAttributeKey('SlaState', SearchAttributeType.KEYWORD);

export const NOTIFY_SEARCH_ATTRIBUTES = [
  ORDER_ID,
  TICKET_ID,
  CUSTOMER_ID,
  CAMPAIGN_ID,
  CARRIER,
  JOURNEY_STAGE,
  SLA_STATE,
] as const;
