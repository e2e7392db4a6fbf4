/**
 * The event contract (architecture.md 6.1): zod schemas for the envelope `{ id, type, occurredAt, data }` and every
 * event type, the trace-line variant used by simulations, and parsers that report errors field by field. Pure and
 * deterministic: the API, the CLI, the simulator and workflows share it.
 */
export { EVENT_DATA, EVENT_TYPES, TRACE_EVENT_DATA, TRACE_EVENT_TYPES } from './events/catalogue';
export type { EventType, TraceEventType } from './events/catalogue';
export { bareEnvelopeSchema, EVENT_SCHEMAS, eventSchema } from './events/envelope';
export type { EventData, EventOf, NotifyEvent } from './events/envelope';
export { TRACE_LINE_SCHEMAS, traceLineSchema, toTraceLine } from './events/trace';
export type { RawTraceLine, SmsInboundEvent, TraceEvent, TraceLine } from './events/trace';
export { parseEvent, parseTraceLine } from './events/parse';
export type { EventParseResult, TraceLineParseResult } from './events/parse';
export { MAX_EVENTS_PER_BATCH, parseEventBatch } from './events/batch';
export type { EventBatchParseResult } from './events/batch';
export { formatFieldErrors, formatPath, toFieldErrors } from './events/field-errors';
export type { FieldError, FieldWarning } from './events/field-errors';
export { eventEntityIds } from './events/entity-ids';
export { futureProblem } from './events/timing';
export type { EventEntityIds } from './events/entity-ids';
export { timestampMs, timestampProblem, TIMESTAMP_EXAMPLE } from './events/timestamp';
export { PREFERRED_CHANNELS } from './events/customer';
export type { CustomerUpsertedData, PreferredChannel } from './events/customer';
export type { OrderCancelledData, OrderItem, OrderPlacedData, ReturnRequestedData } from './events/order';
export { SHIPMENT_EXCEPTION_REASONS } from './events/shipment';
export type {
  ShipmentCreatedData,
  ShipmentDeliveredData,
  ShipmentExceptionData,
  ShipmentExceptionReason,
  ShipmentScanData,
} from './events/shipment';
export type { SmsInboundData } from './events/sms';
export { TICKET_PRIORITIES, TICKET_RESOLUTIONS } from './events/ticket';
export type {
  TicketAgentRepliedData,
  TicketOpenedData,
  TicketReopenedData,
  TicketResolution,
  TicketResolvedData,
} from './events/ticket';
export type { TicketPriority } from './policy';
