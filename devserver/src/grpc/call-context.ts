/** What a handler may know about its gRPC call; long polls use it to finish before the caller gives up. */
export interface CallContext {
  /** Wall-clock epoch ms at which the caller's deadline expires (Infinity when none). */
  readonly deadlineMs: number;
  isCancelled(): boolean;
  /** Registers a callback for call cancellation; returns a function that unregisters it. */
  onCancelled(callback: () => void): () => void;
}

/** Wall-clock ms a long poll may wait: the server's own limit, cut short to answer before the caller's deadline. */
export function longPollBudgetMs(ctx: CallContext, serverLimitMs: number): number {
  const untilDeadline = ctx.deadlineMs - Date.now() - 1000;
  return Math.max(0, Math.min(serverLimitMs, untilDeadline));
}
