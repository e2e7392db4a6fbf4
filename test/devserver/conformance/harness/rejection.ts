/** The error a promise rejects with; fails the test if it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    const value = await promise;
    throw new UnexpectedResolution(value);
  } catch (error) {
    if (error instanceof UnexpectedResolution) throw error;
    return error;
  }
}

class UnexpectedResolution extends Error {
  constructor(value: unknown) {
    super(`expected a rejection, but the promise resolved with ${JSON.stringify(value)}`);
  }
}
