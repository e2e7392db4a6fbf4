import type { WorkflowClient } from '@temporalio/client';
import type { Config } from '../../config/config';
import type { DbOrTransaction } from '../../db/database';
import { findCustomerByPhone } from '../../db/repositories/customers';
import { recordKeywordAnswer } from '../../db/repositories/keyword-answers';
import type { InboundSms } from '../ingest/route-reply';
import { handleInboundSms, type InboundHandled } from './handle-inbound';

const ANSWER_PURPOSE = { opt_out: 'optout.confirm', opt_in: 'optin.confirm', help: 'help.info' } as const;

/**
 * Everything the service does with one SMS a customer sent: keywords first, replies routed, and any text sent back
 * recorded in the outbox. The Twilio webhook and `notify simulate` both come through here, so a STOP in a trace is
 * handled exactly as a STOP from a phone.
 */
export async function receiveInboundSms(
  deps: { readonly db: DbOrTransaction; readonly workflows: WorkflowClient; readonly config: Config },
  sms: InboundSms,
): Promise<InboundHandled> {
  const handled = await handleInboundSms(deps, sms);
  if (handled.answer !== undefined && handled.kind !== 'reply') {
    const customer = await findCustomerByPhone(deps.db, sms.from);
    await recordKeywordAnswer(deps.db, {
      inboundMessageId: sms.providerMessageId ?? `received-${sms.receivedAt.getTime()}`,
      purpose: ANSWER_PURPOSE[handled.kind],
      customerId: customer?.id ?? null,
      address: sms.from,
      locale: customer?.locale ?? null,
      body: handled.answer,
      provider: sms.provider,
      at: sms.receivedAt,
    });
  }
  return handled;
}
