import { sql } from 'kysely';
import type { DbOrTransaction } from '../../db/database';
import type { MetricFamily, Sample } from './prometheus-text';

/**
 * Sends the outbox reconciled and duplicates that slipped through, by channel, read from the outbox at scrape time
 * (the worker that reconciles has no HTTP endpoint of its own, and the outbox is the record that survives restarts).
 * A reconciled send is one an attempt found at the provider after an earlier attempt lost the answer; duplicates are
 * the extra copies the provider holds for one key. Both should stay near zero; a rise means lost answers or races.
 */
export async function outboxMetrics(db: DbOrTransaction): Promise<MetricFamily[]> {
  const rows = await outboxExceptionsQuery(db).execute();
  const samples = (pick: (row: (typeof rows)[number]) => string | number): Sample[] =>
    rows.map((row) => ({ labels: { channel: row.channel }, value: Number(pick(row)) }));
  return [
    {
      name: 'notify_outbox_reconciled_total',
      help: 'Outbox sends found at the provider after an attempt lost its answer (recorded, not resent), by channel.',
      type: 'counter',
      samples: samples((row) => row.reconciled),
    },
    {
      name: 'notify_outbox_unknown_total',
      help: 'Outbox emails an attempt may have handed to the relay before losing its answer (recorded sent, not resent; plain SMTP has no lookup), by channel.',
      type: 'counter',
      samples: samples((row) => row.unknown),
    },
    {
      name: 'notify_outbox_duplicates_total',
      help: 'Extra provider copies of one outbox message (duplicates that slipped through), by channel.',
      type: 'counter',
      samples: samples((row) => row.duplicates),
    },
  ];
}

/** Reconciled sends, unknown outcomes and duplicates by channel: only rows that have either, read from their partial index. */
export function outboxExceptionsQuery(db: DbOrTransaction) {
  return (
    db
      .selectFrom('notifications')
      .select((eb) => [
        'channel',
        sql<
          string | number
        >`count(*) filter (where ${eb.ref('reconciled_at')} is not null and ${eb.ref('outcome_unknown_at')} is null)`.as(
          'reconciled',
        ),
        // Unknown outcomes are recorded with `reconciled_at` too, so the partial index covers them.
        sql<string | number>`count(*) filter (where ${eb.ref('outcome_unknown_at')} is not null)`.as('unknown'),
        sql<string | number>`coalesce(sum(${eb.ref('duplicate_count')}), 0)`.as('duplicates'),
      ])
      // The literal 0 (not a parameter) lets the planner match the partial index's predicate.
      .where((eb) => eb.or([eb('reconciled_at', 'is not', null), eb('duplicate_count', '>', eb.lit(0))]))
      .groupBy('channel')
      .orderBy('channel')
  );
}
