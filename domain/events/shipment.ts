import { z } from 'zod';
import { idField, textField, timestampField } from './fields';

export const SHIPMENT_EXCEPTION_REASONS = [
  'lost',
  'damaged',
  'returned_to_sender',
  'address_issue',
  'customs',
  'other',
] as const;
export type ShipmentExceptionReason = (typeof SHIPMENT_EXCEPTION_REASONS)[number];

export const shipmentCreatedData = z.strictObject({
  orderId: idField(),
  shipmentId: idField(),
  carrier: textField(64),
  trackingNumber: idField(),
  promisedDeliveryBy: timestampField.optional(),
});

/** Carriers word their statuses differently, so `status` is free text rather than an enum. */
export const shipmentScanData = z.strictObject({
  orderId: idField(),
  shipmentId: idField(),
  status: textField(64),
  location: textField(200).optional(),
  description: textField(1000).optional(),
});

export const shipmentExceptionData = z.strictObject({
  orderId: idField(),
  shipmentId: idField(),
  reason: z.enum(SHIPMENT_EXCEPTION_REASONS),
});

export const shipmentDeliveredData = z.strictObject({ orderId: idField(), shipmentId: idField() });

export type ShipmentCreatedData = z.output<typeof shipmentCreatedData>;
export type ShipmentScanData = z.output<typeof shipmentScanData>;
export type ShipmentExceptionData = z.output<typeof shipmentExceptionData>;
export type ShipmentDeliveredData = z.output<typeof shipmentDeliveredData>;
