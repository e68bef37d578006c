import type { Job } from './job-schema.js';

/** Jobs and audit lookups are defined once, by their schema in job-schema.ts. */
export type { AuditRequest, Job } from './job-schema.js';

/**
 * Slack's request exactly as Slack signed it. The worker verifies it and derives the job from it
 * alone, so nothing that can invoke the worker can make it act for someone without Slack's signature.
 */
export interface SignedSlackRequest {
  body: string;
  /** `X-Slack-Signature`: `v0=` and the HMAC-SHA256 of `v0:{timestamp}:{body}`. */
  signature: string;
  /** `X-Slack-Request-Timestamp`, in seconds. */
  timestamp: string;
  contentType: string;
}

export interface JobQueue {
  /**
   * Resolves once the job is safely handed off, not when it is done. `signed` is the Slack request the
   * job came from; only Socket Mode, which Slack does not sign, has none, and its jobs stay in process.
   */
  enqueue(job: Job, signed?: SignedSlackRequest): Promise<void>;
}
