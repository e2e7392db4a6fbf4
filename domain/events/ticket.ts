import { z } from 'zod';
import type { TicketPriority } from '../policy';
import { idField, textField } from './fields';

export const TICKET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const satisfies readonly TicketPriority[];

export const TICKET_RESOLUTIONS = ['refund', 'reship', 'repair', 'coupon', 'info', 'other'] as const;
export type TicketResolution = (typeof TICKET_RESOLUTIONS)[number];

/** Ticket ids of tickets opened from an order's reply menu are `<orderId>-T<n>`, so they get room beyond an id. */
const ticketId = idField(160);

export const ticketOpenedData = z.strictObject({
  ticketId,
  customerId: idField(),
  orderId: idField().optional(),
  priority: z.enum(TICKET_PRIORITIES),
  /** Where the customer raised it (`email`, `chat`, `phone`, …); helpdesks name their own channels. */
  channel: textField(64),
  subject: textField(200),
});

export const ticketAgentRepliedData = z.strictObject({ ticketId, agentId: idField() });

export const ticketResolvedData = z
  .strictObject({
    ticketId,
    resolution: z.enum(TICKET_RESOLUTIONS),
    reshipShipmentId: idField().optional(),
  })
  .superRefine((data, ctx) => {
    if (data.reshipShipmentId !== undefined && data.resolution !== 'reship') {
      ctx.addIssue({
        code: 'custom',
        path: ['reshipShipmentId'],
        message: `only allowed when resolution is 'reship' (it is '${data.resolution}')`,
      });
    }
  });

export const ticketReopenedData = z.strictObject({ ticketId });

export type TicketOpenedData = z.output<typeof ticketOpenedData>;
export type TicketAgentRepliedData = z.output<typeof ticketAgentRepliedData>;
export type TicketResolvedData = z.output<typeof ticketResolvedData>;
export type TicketReopenedData = z.output<typeof ticketReopenedData>;
