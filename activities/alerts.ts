import { claimNotification, markPartDone, recordProviderAcceptance, releaseClaim } from '../db/repositories/outbox';
import { getTicket } from '../db/repositories/tickets';
import { formatDuration } from '../domain/duration';
import { escapeHtml, renderStaffAlert } from '../domain/templates/render';
import type { ActivityDeps } from './deps';
import { newLease, takeOverEarlierClaim } from './notify/claim';
import { claimHeldElsewhere } from './notify/failures';
import type { StaffAlertInput } from '../domain/activity-contract';

/**
 * Staff alerts (`sla.warning`, `sla.breach`, `csat.low`): email to the configured mailbox and/or a JSON webhook,
 * 24x7, recorded in the outbox under their key so each goes out once and the timeline can show it. The email and
 * the webhook are recorded as done one by one, so a retry repeats only the part that failed.
 */
export function createAlertStaff(deps: ActivityDeps): (input: StaffAlertInput) => Promise<void> {
  return async (input) => {
    const now = deps.clock();
    const ticket = await getTicket(deps.db, input.ticketId);
    const catalog = deps.catalogs[deps.alerts.locale] ?? deps.catalogs['en'];
    if (!catalog) throw new Error(`no copy for staff alerts in ${deps.alerts.locale}`);
    const alert = renderStaffAlert(catalog, input.purpose, {
      ticketId: input.ticketId,
      subject: ticket?.subject ?? '',
      priority: input.priority,
      customerId: input.customerId,
      orderId: input.orderId ?? '-',
      deadline: input.deadline === undefined ? '' : new Date(input.deadline).toISOString(),
      remaining: input.deadline === undefined ? '' : formatDuration(Math.max(0, input.deadline - now.getTime())),
      score: input.score === undefined ? '' : String(input.score),
    });
    const lease = newLease(now);
    const { notification, claimed } = await claimNotification(deps.db, {
      idempotencyKey: input.key,
      workflowId: input.key.split('/')[0] ?? input.key,
      purpose: input.purpose,
      customerId: null,
      channel: 'staff',
      address: deps.alerts.email ?? null,
      template: input.purpose,
      variant: null,
      locale: catalog.locale,
      subject: alert.subject,
      body: alert.text,
      messageClass: 'staff',
      replyExpiresAt: null,
      claimedAt: now,
      lease,
    });
    let row = notification;
    if (!claimed) {
      const takeover = await takeOverEarlierClaim(deps, notification, lease, now);
      if (takeover.kind === 'settled') return;
      if (takeover.kind === 'held_elsewhere') throw claimHeldElsewhere(input.key);
      row = takeover.row;
    }

    try {
      // Each part is recorded as done when it is, so a retry after a failed webhook does not mail staff again.
      if (deps.alerts.email && !row.completed_parts.includes('email')) {
        await deps.email.send({
          to: deps.alerts.email,
          subject: alert.subject,
          text: alert.text,
          html: `<p>${escapeHtml(alert.text)}</p>`,
          idempotencyKey: input.key,
          headers: { 'X-Notify-Purpose': input.purpose },
        });
        await markPartDone(deps.db, input.key, 'email');
      }
      if (deps.alerts.webhookUrl) {
        const response = await deps.fetch(deps.alerts.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': input.key },
          body: JSON.stringify({ ...input, subject: alert.subject, text: alert.text, at: now.toISOString() }),
          signal: AbortSignal.timeout(10_000),
        });
        if (!response.ok) throw new Error(`alert webhook answered ${response.status}`);
      }
    } catch (err) {
      await releaseClaim(deps.db, input.key, lease.token).catch(() => undefined);
      throw err;
    }
    await recordProviderAcceptance(deps.db, input.key, {
      provider: 'alerts',
      providerMessageId: input.key,
      status: 'sent',
      at: now,
    });
  };
}
