/**
 * How often each person broke the glass on each bucket, counted on one strongly consistent record
 * per person and bucket, so concurrent break-glasses cannot all see room under the limit.
 */
export interface BreakGlassLedger {
  /**
   * Takes one use at `at` when fewer than `max` uses fall in the `windowMs` before it; otherwise
   * takes nothing. One conditional write: of N concurrent takes with room for one, one succeeds.
   */
  take(
    userId: string,
    bucket: string,
    use: { at: string; windowMs: number; max: number },
  ): Promise<{ taken: boolean; used: number }>;
}
