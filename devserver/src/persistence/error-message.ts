/**
 * The message of whatever was thrown. Duck-typed rather than `instanceof Error`: errors from Node's fs come from
 * another realm under jest's VM, where that test fails.
 */
export function messageOf(thrown: unknown): string {
  const message = (thrown as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(thrown);
}
