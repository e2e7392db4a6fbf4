import { listUnappliedEvents } from '../../db/repositories/event-log';
import { type FieldWarning, parseEvent } from '../../domain/events';
import { applyEvent, type RouterDeps, settleEvents } from './route-event';

/** Long enough that a request still applying its batch is never raced by the sweep; re-applying would be harmless. */
export const UNAPPLIED_GRACE_MS = 60_000;
const SWEEP_LIMIT = 200;

export interface SweepResult {
  readonly reapplied: number;
  /** Refused now (e.g. a ticket event whose ticket never arrived): forgotten, as a live request would. */
  readonly refused: number;
  /** Still failing (Temporal down) or unreadable: left for the next sweep or the sender's resend. */
  readonly failed: number;
}

/**
 * Applies events that a request recorded and never finished applying (the API process was killed between the two),
 * so an event the sender will not resend is not lost. Each is rebuilt from the log (id, type, instant, data) and
 * applied as a live request would; re-application is harmless if another process or a resend got there first.
 */
export async function reapplyUnappliedEvents(
  deps: RouterDeps,
  now: Date,
  graceMs = UNAPPLIED_GRACE_MS,
): Promise<SweepResult> {
  const rows = await listUnappliedEvents(deps.db, new Date(now.getTime() - graceMs), SWEEP_LIMIT);
  const result = { reapplied: 0, refused: 0, failed: 0 };
  for (const row of rows) {
    const parsed = parseEvent({
      id: row.event_id,
      type: row.type,
      occurredAt: row.occurred_at.toISOString(),
      data: row.payload,
    });
    if (!parsed.ok) {
      result.failed += 1;
      continue;
    }
    // The warnings say which contacts were dropped on acceptance, so re-applying keeps the stored ones as well.
    const warnings = Array.isArray(row.warnings) ? (row.warnings as unknown as FieldWarning[]) : [];
    try {
      const event = warnings.length ? { ...parsed.event, warnings } : parsed.event;
      const outcome = await applyEvent(deps, event, row.received_at);
      const refused = outcome.status === 'rejected';
      await settleEvents(
        deps,
        refused ? { applied: [], unreserved: [row.event_id] } : { applied: [row.event_id], unreserved: [] },
      );
      if (refused) result.refused += 1;
      else result.reapplied += 1;
    } catch {
      result.failed += 1;
    }
  }
  return result;
}

/**
 * Runs the sweep now and then every `UNAPPLIED_GRACE_MS` until the returned function is called (the timer does not
 * keep the process alive). Outcomes worth knowing and failures go to `log`.
 */
export function startUnappliedSweep(deps: RouterDeps, log: (line: string) => void): () => void {
  const sweep = () => {
    reapplyUnappliedEvents(deps, new Date()).then(
      (swept) => {
        if (swept.reapplied + swept.refused + swept.failed > 0) log(`unapplied events swept: ${JSON.stringify(swept)}`);
      },
      (err: unknown) => log(`sweep of unapplied events failed: ${String(err)}`),
    );
  };
  sweep();
  const timer = setInterval(sweep, UNAPPLIED_GRACE_MS);
  timer.unref();
  return () => clearInterval(timer);
}
