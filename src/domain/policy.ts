import * as z from 'zod/mini';
import { type ApprovalRules, approvalRuleKeys, resolveApprovalRules } from './approval-rules.js';
import { parseDuration } from './duration.js';
import { AWS_REGION, BUCKET_NAME, SLACK_USER_OR_GROUP_ID } from './patterns.js';
import { type ReviewRules, resolveReview, reviewPolicyKeys } from './review-policy.js';

const userOrGroup = z
  .string()
  .check(z.regex(SLACK_USER_OR_GROUP_ID, 'must be a Slack user id (U…/W…) or user-group id (S…)'));
const duration = z
  .string()
  .check(z.refine((text: string) => parseDuration(text) !== undefined, 'must be a duration such as 30d'));

/** A key's longest life: a duration, or `none` for keys that live until revoked. */
const keyMaxAge = z.optional(
  z.union([z.literal('none'), duration], { error: 'must be a duration such as 30d, or none' }),
);
/** One bucket's rules; every key is optional and falls back to the global defaults. */
const bucketPolicySchema = z.strictObject({
  region: z.optional(z.string().check(z.regex(AWS_REGION, 'must be an AWS region'))),
  approvers: z.optional(z.array(userOrGroup).check(z.minLength(1))),
  keyMaxAge,
  // Key lifecycle: rotation, warnings before expiry, idle keys.
  rotationGrace: z.optional(duration),
  rotationNeedsApproval: z.optional(z.boolean()),
  expiryWarning: z.optional(duration),
  idleMax: z.optional(duration),
  ...approvalRuleKeys,
  ...reviewPolicyKeys,
});

/** The optional policy file (BUCKET_KEY_POLICY), validated before the bot starts. */
export const policyFileSchema = z.strictObject({
  /** When true, only the buckets listed below may be requested. */
  restrictToListedBuckets: z._default(z.boolean(), false),
  // Approval rules (quorum, break-glass, reminders, reasons): defaults for every bucket.
  ...approvalRuleKeys,
  ...reviewPolicyKeys,
  buckets: z._default(
    z.record(z.string().check(z.regex(BUCKET_NAME, 'is not a valid bucket name')), bucketPolicySchema),
    {},
  ),
});

export type PolicyFile = z.infer<typeof policyFileSchema>;
type BucketPolicy = PolicyFile['buckets'][string];

export interface BucketRules {
  region: string;
  /** Slack user and user-group ids, unexpanded. */
  approvers: readonly string[];
  keyMaxAgeMs?: number;
}

export interface PolicyDefaults {
  region: string;
  approvers: readonly string[];
  keyMaxAgeMs?: number;
  /** ROTATION_GRACE, KEY_EXPIRY_WARNING, KEY_IDLE_MAX; absent: the defaults below, no idle limit. */
  rotationGraceMs?: number;
  expiryWarningMs?: number;
  idleMaxMs?: number;
}

/** No key lives forever unless someone says so (KEY_MAX_AGE=none, or `keyMaxAge: none` on a bucket). */
export const DEFAULT_KEY_MAX_AGE_MS = 90 * 86_400_000;
/** How long a rotated-out key lives at most, and how early a holder is warned, unless configured. */
export const DEFAULT_ROTATION_GRACE_MS = 24 * 3_600_000;
export const DEFAULT_EXPIRY_WARNING_MS = 3 * 86_400_000;

/** A bucket's key lifecycle: rotation grace and approval, warning lead time, idle limit. */
export interface KeyLifecycleRules {
  rotationGraceMs: number;
  rotationNeedsApproval: boolean;
  expiryWarningMs: number;
  idleMaxMs?: number;
}

/**
 * Where the policy in force came from: a version of the SSM parameter, the file read at start, or
 * nothing but the environment's defaults. `sha256` is over the exact text of that version or file.
 */
export type PolicyProvenance =
  | {
      source: 'ssm';
      name: string;
      version: number;
      sha256: string;
      /** SSM's LastModifiedDate and LastModifiedUser for that version. */
      modifiedAt?: string;
      modifiedBy?: string;
    }
  | { source: 'file'; name: string; sha256: string }
  | { source: 'defaults' };

const EMPTY_FILE: PolicyFile = { restrictToListedBuckets: false, buckets: {} };

/** Decides, from configuration alone, which buckets may be requested and by whom they are approved. */
export class Policy {
  // A Map of the file's own entries: indexing the plain object would find Object.prototype's
  // `constructor` (a valid bucket name) and treat it as listed.
  private readonly buckets: ReadonlyMap<string, BucketPolicy>;

  constructor(
    private readonly defaults: PolicyDefaults,
    /** The validated policy document (file or SSM parameter); absent: the defaults alone. */
    readonly file: PolicyFile = EMPTY_FILE,
    readonly provenance: PolicyProvenance = { source: 'defaults' },
  ) {
    this.buckets = new Map(Object.entries(file.buckets));
  }

  /** A policy under which nothing may be requested: what stands in before any version is valid. */
  static closed(defaults: PolicyDefaults): Policy {
    return new Policy(defaults, { restrictToListedBuckets: true, buckets: {} });
  }

  /** Whether the document names this bucket (its own entry, not a prototype property). */
  isListed(bucket: string): boolean {
    return this.buckets.has(bucket);
  }

  /** The bucket's own approvers, when its entry names some; undefined when it falls back to the defaults. */
  ownApproversOf(bucket: string): readonly string[] | undefined {
    return this.buckets.get(bucket)?.approvers;
  }

  /** The bucket names the document lists, in its order. */
  bucketNames(): string[] {
    return [...this.buckets.keys()];
  }

  /** The rules for a bucket, or undefined when the policy does not allow requesting it. */
  rulesFor(bucket: string): BucketRules | undefined {
    const specific = this.buckets.get(bucket);
    if (!specific && this.file.restrictToListedBuckets) return undefined;
    const own = specific?.keyMaxAge;
    const maxAge =
      own === undefined ? this.defaults.keyMaxAgeMs : own === 'none' ? undefined : parseDuration(own);
    return {
      region: specific?.region ?? this.defaults.region,
      approvers: specific?.approvers ?? this.defaults.approvers,
      ...(maxAge === undefined ? {} : { keyMaxAgeMs: maxAge }),
    };
  }

  /** Rotation, warning and idle rules of a bucket: its own, else the defaults. */
  lifecycleFor(bucket: string): KeyLifecycleRules {
    const specific = this.buckets.get(bucket);
    const ms = (text: string | undefined) => (text === undefined ? undefined : parseDuration(text));
    const idleMax = ms(specific?.idleMax) ?? this.defaults.idleMaxMs;
    return {
      rotationGraceMs:
        ms(specific?.rotationGrace) ?? this.defaults.rotationGraceMs ?? DEFAULT_ROTATION_GRACE_MS,
      rotationNeedsApproval: specific?.rotationNeedsApproval ?? false,
      expiryWarningMs:
        ms(specific?.expiryWarning) ?? this.defaults.expiryWarningMs ?? DEFAULT_EXPIRY_WARNING_MS,
      ...(idleMax === undefined ? {} : { idleMaxMs: idleMax }),
    };
  }

  /** The earliest any key is warned before it expires: how far ahead the sweeper looks. */
  longestExpiryWarningMs(): number {
    return Math.max(
      this.defaults.expiryWarningMs ?? DEFAULT_EXPIRY_WARNING_MS,
      ...[...this.buckets.keys()].map((bucket) => this.lifecycleFor(bucket).expiryWarningMs),
    );
  }

  /** The bucket's approval rules: its own keys, else the file's top-level ones, else the built-in defaults. */
  approvalRulesFor(bucket: string): ApprovalRules {
    return resolveApprovalRules(this.file, this.buckets.get(bucket));
  }

  /** The bucket's access review: its own `review`, else the top-level one; undefined when none applies. */
  reviewFor(bucket: string): ReviewRules | undefined {
    const rules = this.rulesFor(bucket);
    return rules && resolveReview(this.file.review, this.buckets.get(bucket)?.review, rules.approvers);
  }

  /** Buckets named in the policy file: the ones the sweeper watches for unknown keys. */
  listedBuckets(): Array<{ bucket: string; region: string }> {
    return [...this.buckets].map(([bucket, rules]) => ({
      bucket,
      region: rules.region ?? this.defaults.region,
    }));
  }

  /** The approvers of buckets the policy names no approvers for: they may also revoke on de-listed buckets. */
  defaultApprovers(): readonly string[] {
    return this.defaults.approvers;
  }

  /** Region of buckets the policy does not place elsewhere (AWS_REGION). */
  defaultRegion(): string {
    return this.defaults.region;
  }

  /** Every approver and group id named anywhere, for "who may look at the audit log". */
  allApprovers(): string[] {
    const ids = new Set(this.defaults.approvers);
    for (const rules of this.buckets.values()) for (const id of rules.approvers ?? []) ids.add(id);
    return [...ids];
  }
}

/** A break-glass key lives at most `breakGlass.keyMaxAge` (and never longer than the bucket's keys). */
export function keyMaxAgeOf(
  request: { breakGlass?: boolean },
  rules: BucketRules,
  approval: ApprovalRules,
): number | undefined {
  if (!request.breakGlass) return rules.keyMaxAgeMs;
  const glass = approval.breakGlass?.keyMaxAgeMs ?? 4 * 3_600_000;
  return rules.keyMaxAgeMs === undefined ? glass : Math.min(glass, rules.keyMaxAgeMs);
}
