/** Keys found on a managed bucket with no record of the bot's: each reported to the approvers once. */
export interface UnknownKeySightings {
  /**
   * Takes a key without a record for reporting to the approvers. Throws StateConflictError (with the
   * sighting as it is) when it was reported already, or another sweep's claim on it has not run out
   * (`until`): so concurrent sweeps report it once, and a claim whose sweep died lapses and the key
   * is reported by a later sweep.
   */
  claim(
    bucket: string,
    accessKeyId: string,
    claim: { token: string; at: string; until: string },
  ): Promise<void>;
  /** The key's report was posted under this claim: it is never reported again. */
  markReported(bucket: string, accessKeyId: string, token: string, at: string): Promise<void>;
  /** The report could not be posted: drops this claim, so the next sweep reports the key. */
  release(bucket: string, accessKeyId: string, token: string): Promise<void>;
}
