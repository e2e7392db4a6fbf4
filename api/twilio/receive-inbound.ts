import type { InboundSms } from '../ingest/route-reply';
import { handleInboundSms, type InboundDeps, type InboundHandled } from './handle-inbound';

/**
 * Everything the service does with one SMS a customer sent: keywords first, replies routed, and any text sent back
 * recorded in the outbox (handle-inbound.ts, before the message counts as handled). The Twilio webhook and
 * `notify simulate` both come through here, so a STOP in a trace is handled exactly as a STOP from a phone.
 */
export function receiveInboundSms(deps: InboundDeps, sms: InboundSms): Promise<InboundHandled> {
  return handleInboundSms(deps, sms);
}
