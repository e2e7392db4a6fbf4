/** SQLSTATE codes the repositories and their callers act on. Both `pg` and PGlite put the code on `err.code`. */
const SQLSTATE = { uniqueViolation: '23505', checkViolation: '23514' } as const;

function sqlState(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
}

/** True when the database refused a duplicate of a unique key (the "nothing twice" constraints). */
export function isUniqueViolation(err: unknown): boolean {
  return sqlState(err) === SQLSTATE.uniqueViolation;
}

export function isCheckViolation(err: unknown): boolean {
  return sqlState(err) === SQLSTATE.checkViolation;
}

/** The constraint a database error names, if any (`notifications_pkey`, …). */
export function violatedConstraint(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('constraint' in err)) return undefined;
  return typeof err.constraint === 'string' ? err.constraint : undefined;
}
