/** Scenario 1: the smallest workflow that proves a worker polls and completes tasks. */
export async function echo(text: string): Promise<string> {
  return Promise.resolve(text);
}
