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

  /** A slot when one is free, else undefined. */
  tryEnter(): Slot | undefined {
    if (this.current >= this.max) return undefined;
    this.current += 1;
    return new Slot(() => {
      this.current -= 1;
    });
  }
}

/**
 * One admitted request's hold on the cap. It is freed once the answer is done (sent, or the client gone) and the
 * route's handler, if it started, has returned: a handler answered for by the request deadline (request-deadline.ts)
 * still holds its body and its calls to Temporal and the database, and the cap is there to bound exactly that.
 */
export class Slot {
  private answered = false;
  private handlerRunning = false;
  private freed = false;

  constructor(private readonly release: () => void) {}

  handlerStarted(): void {
    this.handlerRunning = true;
  }

  handlerReturned(): void {
    this.handlerRunning = false;
    if (this.answered) this.free();
  }

  answerDone(): void {
    this.answered = true;
    if (!this.handlerRunning) this.free();
  }

  private free(): void {
    if (this.freed) return;
    this.freed = true;
    this.release();
  }
}
