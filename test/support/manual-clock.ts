import type { Clock } from '../../src/ports/clock.js';

/** A clock the test moves by hand, so expiry is proven without waiting. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start = Date.now()) {
    this.current = start;
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
