import { classifyTwilioCode } from '../../channels/twilio';
import type { DbOrTransaction } from '../../db/database';
import { type RecipientLesson, recordRecipientRefusal } from '../../db/repositories/recipient-refusal';
import type { NotificationRow } from '../../db/tables/notifications';

/**
 * A failed or undelivered report with an error code Twilio uses for the recipient (30005 unknown number, 30006
 * landline or unreachable, 21610 opted out with the carrier, ...) teaches what a send-time refusal would: the
 * number is marked invalid on the customer of the row the report folded into, or the opt-out enters our ledger.
 * Codes about our account or the content (30007 filtered, 30003 temporarily unreachable) teach nothing.
 */
export async function learnFromDeliveryFailure(
  db: DbOrTransaction,
  row: NotificationRow,
  errorCode: string | null,
  at: Date,
): Promise<RecipientLesson> {
  if (row.status !== 'failed' && row.status !== 'undelivered') return 'none';
  const code = errorCode === null ? NaN : Number(errorCode);
  if (!Number.isInteger(code)) return 'none';
  const { kind, reason } = classifyTwilioCode(code);
  if (kind !== 'permanent') return 'none';
  return recordRecipientRefusal(db, row, reason, at);
}
