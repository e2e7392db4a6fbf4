import type { Kysely, Transaction } from 'kysely';
import type { CampaignRecipientsTable } from './tables/campaign-recipients';
import type { CampaignsTable } from './tables/campaigns';
import type { ConsentEventsTable } from './tables/consent-events';
import type { CustomersTable } from './tables/customers';
import type { DeliveryEventsTable } from './tables/delivery-events';
import type { InboundMessagesTable } from './tables/inbound-messages';
import type { IngestEventsTable } from './tables/ingest-events';
import type { NotificationsTable } from './tables/notifications';
import type { OrderItemsTable } from './tables/order-items';
import type { OrdersTable } from './tables/orders';
import type { ServiceActionsTable } from './tables/service-actions';
import type { ShipmentProgressTable } from './tables/shipment-progress';
import type { ShipmentsTable } from './tables/shipments';
import type { SurveyResponsesTable } from './tables/survey-responses';
import type { TicketsTable } from './tables/tickets';

/** Every table the service reads or writes, keyed by table name. The migrations are the source of truth. */
export interface Database {
  customers: CustomersTable;
  consent_events: ConsentEventsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  shipments: ShipmentsTable;
  shipment_progress: ShipmentProgressTable;
  ingest_events: IngestEventsTable;
  tickets: TicketsTable;
  notifications: NotificationsTable;
  delivery_events: DeliveryEventsTable;
  inbound_messages: InboundMessagesTable;
  campaigns: CampaignsTable;
  campaign_recipients: CampaignRecipientsTable;
  survey_responses: SurveyResponsesTable;
  service_actions: ServiceActionsTable;
}

/** What repositories take first: the database or a transaction on it, so the caller decides the boundary. */
export type DbOrTransaction = Kysely<Database> | Transaction<Database>;
