import type { ApprovalRules } from './approval-rules.js';
import { type KeyLifecycleRules, keyMaxAgeOf, type Policy } from './policy.js';

/**
 * What the policy says of one bucket, decided the way the services decide (the same Policy methods):
 * the one evaluator behind `/bucket-key policy explain` and `npm run policy:check`.
 */
export interface BucketExplanation {
  bucket: string;
  /** False when only listed buckets may be requested and this one is not listed. */
  requestable: boolean;
  listed: boolean;
  region: string;
  /** User and group ids who approve, unexpanded: the bucket's own, else APPROVER_IDS. */
  approvers: readonly string[];
  approversFromDefaults: boolean;
  approval: ApprovalRules;
  keyMaxAgeMs?: number;
  /** A break-glass key's life: `breakGlass.keyMaxAge`, never beyond the bucket's own maximum. */
  breakGlassKeyMaxAgeMs?: number;
  lifecycle: KeyLifecycleRules;
  /**
   * Who may revoke others' keys and review break-glass here: the approvers, or for a bucket the policy
   * no longer allows, APPROVER_IDS (and each grant's own approvers, which the policy cannot know).
   */
  revokers: readonly string[];
}

export function explainBucket(policy: Policy, bucket: string): BucketExplanation {
  const rules = policy.rulesFor(bucket);
  const approval = policy.approvalRulesFor(bucket);
  const region = rules?.region ?? policy.listedBuckets().find((b) => b.bucket === bucket)?.region;
  const glass = rules && approval.breakGlass ? keyMaxAgeOf({ breakGlass: true }, rules, approval) : undefined;
  return {
    bucket,
    requestable: rules !== undefined,
    listed: policy.isListed(bucket),
    region: region ?? policy.defaultRegion(),
    approvers: rules?.approvers ?? [],
    approversFromDefaults: rules !== undefined && policy.ownApproversOf(bucket) === undefined,
    approval,
    ...(rules?.keyMaxAgeMs === undefined ? {} : { keyMaxAgeMs: rules.keyMaxAgeMs }),
    ...(glass === undefined ? {} : { breakGlassKeyMaxAgeMs: glass }),
    lifecycle: policy.lifecycleFor(bucket),
    revokers: rules ? rules.approvers : policy.defaultApprovers(),
  };
}

/** Every user group (S…) an explanation names, anywhere: the ones to expand. */
export function groupsNamed(explanation: BucketExplanation): string[] {
  const ids = [
    ...explanation.approvers,
    ...explanation.revokers,
    ...(explanation.approval.breakGlass?.allowed ?? []),
    ...(explanation.approval.reminders?.escalateTo ?? []),
  ];
  return [...new Set(ids.filter((id) => id.startsWith('S')))];
}

/** What the directory says of a person now, as far as it can tell. */
export interface PersonStatus {
  /** Deactivated in Slack: gone from the organisation. */
  deleted: boolean;
  /** A multi- or single-channel guest (Slack's is_restricted, is_ultra_restricted). */
  guest?: 'multi-channel' | 'single-channel';
  /** From another organisation over Slack Connect (is_stranger). */
  stranger?: boolean;
}

export interface PersonFacts {
  userId: string;
  /** Of the groups the explanation names, those that have this person as a member. */
  memberOf: ReadonlySet<string>;
  /** Absent when the directory cannot tell. */
  status?: PersonStatus;
}

/** Why a person may or may not do something, as facts; the Slack layer and policy:check word them. */
export type Because =
  | { kind: 'anyone' }
  | { kind: 'not_requestable' }
  | { kind: 'named' }
  | { kind: 'member'; group: string }
  /** May decide once the last reminder has gone unanswered. */
  | { kind: 'escalation'; via: string }
  | { kind: 'not_named' }
  | { kind: 'no_break_glass' }
  | { kind: 'departed' }
  /** The policy has no rule for guests yet: they are treated as members. */
  | { kind: 'guest'; guest: 'multi-channel' | 'single-channel' }
  | { kind: 'never_own' };

export interface Standing {
  may: boolean;
  because: Because[];
}

/** What one person may do on one bucket, and why: each answer the services would give. */
export interface PersonStanding {
  userId: string;
  status?: PersonStatus;
  request: Standing;
  breakGlass: Standing;
  /** Approve or deny others' requests (never their own). */
  approve: Standing;
  /** Revoke someone else's grant; anyone may revoke their own keys. */
  revokeOthers: Standing;
  /** Reviewed / Revoke now on someone else's break-glass. */
  review: Standing;
}

export function standingOf(explanation: BucketExplanation, person: PersonFacts): PersonStanding {
  const base = { userId: person.userId, ...(person.status ? { status: person.status } : {}) };
  if (person.status?.deleted) {
    const gone: Standing = { may: false, because: [{ kind: 'departed' }] };
    return { ...base, request: gone, breakGlass: gone, approve: gone, revokeOthers: gone, review: gone };
  }
  const guest: Because[] = person.status?.guest ? [{ kind: 'guest', guest: person.status.guest }] : [];
  const glass = explanation.approval.breakGlass;
  return {
    ...base,
    request: explanation.requestable
      ? { may: true, because: [{ kind: 'anyone' }, ...guest] }
      : { may: false, because: [{ kind: 'not_requestable' }] },
    breakGlass: !explanation.requestable
      ? { may: false, because: [{ kind: 'not_requestable' }] }
      : glass
        ? qualify(person, glass.allowed)
        : { may: false, because: [{ kind: 'no_break_glass' }] },
    approve: approveStanding(explanation, person),
    revokeOthers: qualify(person, explanation.revokers),
    review: withNeverOwn(qualify(person, explanation.revokers)),
  };
}

function approveStanding(explanation: BucketExplanation, person: PersonFacts): Standing {
  if (!explanation.requestable) return { may: false, because: [{ kind: 'not_requestable' }] };
  const direct = qualify(person, explanation.approvers);
  if (direct.may) return withNeverOwn(direct);
  const escalateTo = explanation.approval.reminders?.escalateTo ?? [];
  const escalation = qualify(person, escalateTo);
  const via = escalation.because[0];
  if (escalation.may && via)
    return withNeverOwn({
      may: true,
      because: [{ kind: 'escalation', via: via.kind === 'member' ? via.group : person.userId }],
    });
  return direct;
}

function withNeverOwn(standing: Standing): Standing {
  return standing.may ? { may: true, because: [...standing.because, { kind: 'never_own' }] } : standing;
}

/** The same test as the services' approverQualification: the user's own id, else the first group that has them. */
function qualify(person: PersonFacts, ids: readonly string[]): Standing {
  if (ids.includes(person.userId)) return { may: true, because: [{ kind: 'named' }] };
  const group = ids.find((id) => id.startsWith('S') && person.memberOf.has(id));
  if (group) return { may: true, because: [{ kind: 'member', group }] };
  return { may: false, because: [{ kind: 'not_named' }] };
}

/** Members listed per group in an explanation (each one looked up for departure); the rest are counted. */
export const MEMBERS_SHOWN = 20;
/** Groups expanded per explanation; the rest are named unexpanded. */
export const GROUPS_EXPANDED = 10;

/** A user group the explanation names, expanded by the directory; `departed` only where it can tell. */
export type GroupExpansion =
  | { group: string; readable: true; members: Array<{ userId: string; departed: boolean }>; total: number }
  | { group: string; readable: false };
