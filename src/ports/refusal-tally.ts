/** Refusals of one kind counted over one minute, to be recorded as one audit event. */
export interface RefusalCount {
  /** Why they were refused (the forged job's reason): the source the events are aggregated by. */
  source: string;
  /** The minute, `YYYY-MM-DDTHH:MM`. */
  minute: string;
  count: number;
  /** The first user the refused payloads claimed to be (unverified), if any. */
  firstClaimed?: string;
}

/**
 * Counts refusals a flood could repeat (forged worker invocations) in one item per source and
 * minute, so that they add one audit event a minute instead of one each, and cannot starve the
 * chain of real appends. The sweeper records each closed minute.
 */
export interface RefusalTally {
  /** One more refusal in `minute` (an atomic ADD). */
  add(source: string, minute: string, claimedUserId?: string): Promise<void>;
  /** Minutes that ended before `now`, not yet recorded. */
  closed(now: string, limit: number): Promise<RefusalCount[]>;
  /** Takes a closed minute for recording; false when another sweep took it. */
  take(count: RefusalCount): Promise<boolean>;
}
