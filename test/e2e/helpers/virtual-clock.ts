import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

/**
 * Temporal's virtual time for the parts of the service that read a clock synchronously (the API's signature check
 * and reply routing, activities). Anchored to the server's time after each skip; between skips the time-skipping
 * server's clock runs at wall speed, and so does this one.
 */
export class VirtualClock {
  private virtualAnchor = 0;
  private wallAnchor = 0;

  constructor(private readonly env: TestWorkflowEnvironment) {}

  async sync(): Promise<void> {
    this.virtualAnchor = await this.env.currentTimeMs();
    this.wallAnchor = Date.now();
  }

  readonly now = (): Date => new Date(this.virtualAnchor + (Date.now() - this.wallAnchor));

  /** Inside an activity, the server's time its attempt was scheduled at (as the simulator does); else `now`. */
  readonly forActivities = (): Date => {
    try {
      return new Date(Context.current().info.currentAttemptScheduledTimestampMs);
    } catch {
      return this.now();
    }
  };
}
