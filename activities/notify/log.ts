import { Context } from '@temporalio/activity';

/**
 * A warning in the activity's log (with its workflow and attempt), or nowhere when called outside an activity (a
 * direct call from a test or a script): the outbox row is the record that matters, the log line only draws attention.
 */
export function warn(message: string, attributes: Record<string, unknown>): void {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return;
  }
  context.log.warn(message, attributes);
}
