import { T0 } from '../../db/helpers/times';

/** A clock the test moves by hand: activities, the Twilio fake and assertions all read the same instant. */
export class ManualClock {
  private current: Date;

  constructor(start: Date = T0) {
    this.current = start;
  }

  /** Bound, so it can be passed as `clock` or `now` directly. */
  readonly now = (): Date => this.current;

  set(at: Date): void {
    this.current = at;
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
