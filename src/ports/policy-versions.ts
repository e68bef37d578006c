/**
 * One record per version of the policy the bot has judged, so that each version is put on the audit
 * chain and told to the approvers once, however many workers see it at the same moment. A version is
 * named by its number and the SHA-256 of its text: a parameter deleted and created again starts at
 * version 1 with other text, and is judged again.
 */
export interface PolicyVersionRecords {
  /**
   * Takes the announcement of this version's verdict: one conditional write. False when it was
   * announced already, or another worker's claim has not run out (`until`); a claim whose worker
   * died lapses, and a later worker announces it.
   */
  claim(
    version: { version: number; sha256: string; verdict: 'applied' | 'rejected' },
    claim: { token: string; at: string; until: string },
  ): Promise<boolean>;
  /** The verdict is on the audit chain: the version is never announced again. */
  markRecorded(version: { version: number; sha256: string }, token: string, at: string): Promise<void>;
  /** Recording failed: drops this claim, so the next worker to read the version announces it. */
  release(version: { version: number; sha256: string }, token: string): Promise<void>;
}
