import type { CustomerPurpose, StaffAlertPurpose } from '../policy';
import type { MenuName } from './types';

/**
 * What each purpose's copy may refer to: its variables, its reply menu, and the variants it must provide. The
 * template check holds every locale's copy to this, so a renamed variable or a forgotten variant fails a test.
 */
export interface PurposeSpec {
  readonly variables: readonly string[];
  readonly menu?: MenuName;
  readonly requiredVariants?: readonly string[];
}

const shipment = ['customerName', 'shopName', 'orderId', 'carrier', 'trackingNumber'] as const;

export const PURPOSES: Readonly<Record<CustomerPurpose, PurposeSpec>> = {
  'shipment.stalled': { variables: [...shipment, 'lastLocation'], menu: 'stall' },
  'shipment.exception': {
    variables: [...shipment],
    menu: 'stall',
    // The default wording serves reason 'other'.
    requiredVariants: ['lost', 'damaged', 'returned_to_sender', 'address_issue', 'customs'],
  },
  'shipment.late': { variables: [...shipment, 'promisedDate'], menu: 'stall' },
  'reply.ack': {
    variables: ['customerName', 'shopName', 'orderId', 'ticketId', 'expectedResponse'],
    requiredVariants: ['chase', 'ticket', 'ticket_urgent', 'ticket_review', 'csat_thanks', 'csat_low'],
  },
  'reply.clarify': { variables: ['customerName', 'shopName', 'orderId'], menu: 'stall' },
  'usage.guide': {
    variables: ['customerName', 'shopName', 'orderId', 'productName'],
    requiredVariants: ['small_appliance', 'apparel', 'electronics'],
  },
  'ticket.ack': { variables: ['customerName', 'shopName', 'ticketId', 'subject', 'expectedResponse'] },
  'ticket.sla_holding': { variables: ['customerName', 'shopName', 'ticketId', 'subject'] },
  'ticket.checkin': {
    variables: ['customerName', 'shopName', 'ticketId', 'subject', 'orderId'],
    menu: 'csat',
    requiredVariants: ['reship'],
  },
  'optout.confirm': { variables: ['shopName'] },
  'help.info': { variables: ['shopName', 'supportContact'] },
  campaign: {
    variables: ['customerName', 'shopName', 'productName'],
    requiredVariants: ['guide_push', 'delay_apology', 'survey'],
  },
};

export const STAFF_ALERTS: Readonly<Record<StaffAlertPurpose, PurposeSpec>> = {
  'sla.warning': { variables: ['ticketId', 'subject', 'priority', 'customerId', 'deadline', 'remaining'] },
  'sla.breach': { variables: ['ticketId', 'subject', 'priority', 'customerId', 'deadline'] },
  'csat.low': { variables: ['ticketId', 'subject', 'customerId', 'score', 'orderId'] },
};

/**
 * Realistic values at realistic lengths, for the template check's segment budget. Long-ish on purpose: a template
 * that only fits two segments with a short name will overflow for real customers.
 */
export const SAMPLE_VARIABLES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'zh-CN': {
    customerName: '欧阳文静',
    shopName: '优品生活',
    orderId: 'o-20260302-0001',
    carrier: '顺丰',
    trackingNumber: 'SF1234567890123',
    lastLocation: '杭州转运中心',
    promisedDate: '3月6日',
    ticketId: 'o-20260302-0001-T1',
    expectedResponse: '1小时',
    productName: '落地电风扇',
    subject: '电风扇不转了',
    supportContact: '400-820-8820',
  },
  en: {
    customerName: 'Dana Reyes-Whitfield',
    shopName: 'Goodhome',
    orderId: 'o-20260302-0001',
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
    lastLocation: 'Secaucus, NJ hub',
    promisedDate: 'March 6',
    ticketId: 'o-20260302-0001-T1',
    expectedResponse: '1 hour',
    productName: 'Standing fan',
    subject: 'The fan stopped working',
    supportContact: '+1 212 555 0100',
  },
};

export const SAMPLE_ALERT_VARIABLES: Readonly<Record<string, string>> = {
  ticketId: 't-2001',
  subject: 'The fan stopped working',
  priority: 'normal',
  customerId: 'c-2001',
  deadline: '2026-06-10T15:00:00-04:00',
  remaining: '15m',
  score: '1',
  orderId: 'o-1001',
};
