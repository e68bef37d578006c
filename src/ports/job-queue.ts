import type { AuditSubject, ExportFormat, ExportTarget } from '../domain/command.js';

/**
 * Slow work handed off after Slack has been answered. Payloads carry ids and
 * the verified Slack user, never a secret.
 */
export type Job =
  | {
      kind: 'create';
      userId: string;
      bucket: string;
      reason: string;
      responseUrl?: string;
      /** `--break-glass`: issue at once for the people the policy allows; reviewed afterwards. */
      breakGlass?: boolean;
      /** From the request modal: a key life shorter than the bucket's maximum. */
      lifetimeMs?: number;
    }
  /** Cancel request (App Home): the requester withdraws a pending request. */
  | { kind: 'cancel'; userId: string; requestId: string }
  | {
      kind: 'issue';
      userId: string;
      requestId: string;
      responseUrl?: string;
      /** Pressed "Create key now": answers must not replace that message unless the key was delivered. */
      fromButton?: boolean;
    }
  | { kind: 'decide'; userId: string; requestId: string; approve: boolean; responseUrl?: string }
  | { kind: 'list'; userId: string; bucket: string; responseUrl: string }
  | { kind: 'revoke'; userId: string; bucket: string; accessKeyId: string; responseUrl?: string }
  | { kind: 'rotate'; userId: string; bucket: string; accessKeyId: string; responseUrl?: string }
  | { kind: 'status'; userId: string; responseUrl: string }
  | { kind: 'audit'; userId: string; query: AuditRequest; responseUrl: string }
  | { kind: 'home'; userId: string }
  /** An approver's Reviewed or Revoke now on a break-glass alert. */
  | { kind: 'review'; userId: string; requestId: string; revoke: boolean; responseUrl?: string }
  /** `since`: ISO time; without it, the whole chain. */
  | { kind: 'auditVerify'; userId: string; since?: string; responseUrl: string }
  | {
      kind: 'auditExport';
      userId: string;
      target: ExportTarget;
      format: ExportFormat;
      since?: string;
      responseUrl: string;
    };

/** An audit lookup as the user asked for it; `cursor` continues from a previous page. */
export interface AuditRequest {
  subject: AuditSubject;
  /** ISO time: only events at or after it. Absolute, so every page covers the same span. */
  since?: string;
  pageSize: number;
  cursor?: string;
}

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
