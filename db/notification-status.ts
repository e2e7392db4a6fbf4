/**
 * Outbox statuses and their ranks. A status only ever moves to a higher rank, so callbacks can be folded in any
 * order: a late `sent` cannot overwrite `delivered`, and nothing leaves a terminal status. Every terminal status
 * shares the top rank, so the first terminal outcome recorded is the one that stays.
 *
 * The same ranks are written into the `status_rank` generated column by the outbox migration (frozen SQL); a test
 * checks the two agree.
 */
export const NOTIFICATION_STATUS_RANK = {
  claimed: 0,
  queued: 1,
  sent: 2,
  delivered: 3,
  failed: 3,
  undelivered: 3,
  suppressed: 3,
} as const;

export type NotificationStatus = keyof typeof NOTIFICATION_STATUS_RANK;

export const NOTIFICATION_STATUSES = Object.keys(NOTIFICATION_STATUS_RANK) as NotificationStatus[];

export function statusRank(status: NotificationStatus): number {
  return NOTIFICATION_STATUS_RANK[status];
}

export function isTerminalStatus(status: NotificationStatus): boolean {
  return statusRank(status) === NOTIFICATION_STATUS_RANK.delivered;
}
