/** Exit codes every command uses, so scripts can tell a typo from a broken setup from a failed operation. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** sysexits EX_CONFIG: the configuration is invalid. */
  config: 78,
} as const;
