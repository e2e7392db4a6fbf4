/**
 * How long a provider call may hang before it fails. Each bound sits well below the notify activity's claim lease
 * (60 s, activities/notify/claim.ts): a send that hangs must fail, and give back or expire its lease, while it still
 * holds the row, so a retry never takes over a claim whose message is still on its way to the provider.
 */
export const PROVIDER_TIMEOUTS = {
  smtp: {
    /** TCP connect to the relay. */
    connectionTimeoutMs: 10_000,
    /** The relay's 220 greeting after connecting. */
    greetingTimeoutMs: 10_000,
    /** Silence on an established session (a relay stuck after DATA): the longest a message can be in flight. */
    socketTimeoutMs: 20_000,
  },
  twilio: {
    /**
     * Per HTTP request. Reconciliation reads at most a few pages of a number's recent messages before it sends, so
     * lookup and send together stay below the lease too.
     */
    requestTimeoutMs: 10_000,
  },
} as const;
