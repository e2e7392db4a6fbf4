/**
 * A query the server cannot run: a syntax error, an unknown attribute or a value of the wrong type.
 * The gRPC layer maps it to INVALID_ARGUMENT, as the real server does.
 */
export class VisibilityQueryError extends Error {
  constructor(problem: string) {
    super(`invalid query: ${problem}`);
    this.name = 'VisibilityQueryError';
  }
}
