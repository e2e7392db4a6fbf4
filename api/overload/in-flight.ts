/**
 * Counts the requests being handled at once, so the edge can refuse the one beyond the cap instead of queueing it:
 * a queue in front of a saturated service only grows (memory, and answers that arrive after the sender gave up).
 */
export class InFlightRequests {
  private current = 0;

  constructor(readonly max: number) {}

  get count(): number {
    return this.current;
  }

  /** Takes a slot when one is free; the caller releases it exactly once, when the answer is done. */
  tryEnter(): boolean {
    if (this.current >= this.max) return false;
    this.current += 1;
    return true;
  }

  leave(): void {
    this.current -= 1;
  }
}
