import * as z from 'zod/mini';
import { parseDuration } from './duration.js';
import { AWS_REGION, BUCKET_NAME, SLACK_USER_OR_GROUP_ID } from './patterns.js';

const userOrGroup = z
  .string()
  .check(z.regex(SLACK_USER_OR_GROUP_ID, 'must be a Slack user id (U…/W…) or user-group id (S…)'));
const duration = z
  .string()
  .check(z.refine((text: string) => parseDuration(text) !== undefined, 'must be a duration such as 30d'));

/** One bucket's rules; every key is optional and falls back to the global defaults. */
const bucketPolicySchema = z.strictObject({
  region: z.optional(z.string().check(z.regex(AWS_REGION, 'must be an AWS region'))),
  approvers: z.optional(z.array(userOrGroup).check(z.minLength(1))),
  keyMaxAge: z.optional(duration),
});

/** The optional policy file (BUCKET_KEY_POLICY), validated before the bot starts. */
export const policyFileSchema = z.strictObject({
  /** When true, only the buckets listed below may be requested. */
  restrictToListedBuckets: z._default(z.boolean(), false),
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
}

/** Decides, from configuration alone, which buckets may be requested and by whom they are approved. */
export class Policy {
  // A Map of the file's own entries: indexing the plain object would find Object.prototype's
  // `constructor` (a valid bucket name) and treat it as listed.
  private readonly buckets: ReadonlyMap<string, BucketPolicy>;

  constructor(
    private readonly defaults: PolicyDefaults,
    private readonly file: PolicyFile = { restrictToListedBuckets: false, buckets: {} },
  ) {
    this.buckets = new Map(Object.entries(file.buckets));
  }

  /** The rules for a bucket, or undefined when the policy does not allow requesting it. */
  rulesFor(bucket: string): BucketRules | undefined {
    const specific = this.buckets.get(bucket);
    if (!specific && this.file.restrictToListedBuckets) return undefined;
    const maxAge = specific?.keyMaxAge ? parseDuration(specific.keyMaxAge) : this.defaults.keyMaxAgeMs;
    return {
      region: specific?.region ?? this.defaults.region,
      approvers: specific?.approvers ?? this.defaults.approvers,
      ...(maxAge === undefined ? {} : { keyMaxAgeMs: maxAge }),
    };
  }

  /** Buckets named in the policy file: the ones the sweeper watches for unknown keys. */
  listedBuckets(): Array<{ bucket: string; region: string }> {
    return [...this.buckets].map(([bucket, rules]) => ({
      bucket,
      region: rules.region ?? this.defaults.region,
    }));
  }

  /** Every approver and group id named anywhere, for "who may look at the audit log". */
  allApprovers(): string[] {
    const ids = new Set(this.defaults.approvers);
    for (const rules of this.buckets.values()) for (const id of rules.approvers ?? []) ids.add(id);
    return [...ids];
  }
}
