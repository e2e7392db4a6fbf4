import type { Migration } from 'kysely';
import * as customersAndConsent from './20260301090000_customers_and_consent';
import * as ordersAndShipments from './20260301090100_orders_and_shipments';
import * as ingestEventsAndTickets from './20260301090200_ingest_events_and_tickets';
import * as outboxDeliveryInbound from './20260301090300_outbox_delivery_inbound';
import * as campaignsAndSurveys from './20260301090400_campaigns_and_surveys';
import * as serviceActions from './20260301090500_service_actions';
import * as contactValidity from './20260301090600_contact_validity';
import * as campaignSendPlan from './20260301090700_campaign_send_plan';
import * as outboxExceptionsIndex from './20260301090800_outbox_exceptions_index';
import * as ingestApplied from './20260301090900_ingest_applied';
import * as outboxOutcomeUnknown from './20260301091000_outbox_outcome_unknown';

/**
 * Every migration, in the order it runs. An explicit record rather than a directory scan, so the same list works
 * from compiled output, a bundle, or tsx. Add new migrations at the end, with a later timestamp.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '20260301090000_customers_and_consent': customersAndConsent,
  '20260301090100_orders_and_shipments': ordersAndShipments,
  '20260301090200_ingest_events_and_tickets': ingestEventsAndTickets,
  '20260301090300_outbox_delivery_inbound': outboxDeliveryInbound,
  '20260301090400_campaigns_and_surveys': campaignsAndSurveys,
  '20260301090500_service_actions': serviceActions,
  '20260301090600_contact_validity': contactValidity,
  '20260301090700_campaign_send_plan': campaignSendPlan,
  '20260301090800_outbox_exceptions_index': outboxExceptionsIndex,
  '20260301090900_ingest_applied': ingestApplied,
  '20260301091000_outbox_outcome_unknown': outboxOutcomeUnknown,
};
