/**
 * Slow work handed off after Slack has been answered. Payloads carry ids and
 * the verified Slack user, never a secret.
 */
export type Job =
  | { kind: 'create'; userId: string; bucket: string; reason: string; responseUrl?: string }
  | { kind: 'issue'; userId: string; requestId: string; responseUrl?: string }
  | { kind: 'decide'; userId: string; requestId: string; approve: boolean; responseUrl?: string };

export interface JobQueue {
  /** Resolves once the job is safely handed off, not when it is done. */
  enqueue(job: Job): Promise<void>;
}
