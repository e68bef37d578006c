import { describeDuration } from '../../domain/duration.js';
import type { Because, BucketExplanation, PersonStanding, Standing } from '../../domain/policy-explain.js';

/** One line of an explanation: a label and its text, without markup (Slack bolds the label). */
export interface RuleLine {
  label: string;
  text: string;
}

/** How a line names a user or group: a mention in Slack, the id itself in `npm run policy:check`. */
export type NameOf = (id: string) => string;

const list = (ids: readonly string[], nameOf: NameOf) => (ids.length ? ids.map(nameOf).join(', ') : 'nobody');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * What the policy says of one bucket, line by line: the same words in Slack (`policy explain`) and in
 * the terminal (`policy:check`), from the one evaluator (domain/policy-explain.ts).
 */
export function bucketRuleLines(e: BucketExplanation, nameOf: NameOf): RuleLine[] {
  if (!e.requestable)
    return [
      {
        label: 'Requests',
        text: 'none: only the buckets the policy lists may be requested (restrictToListedBuckets)',
      },
      {
        label: 'Revoke and review',
        text: `keys left on it: each grant's own approvers and ${list(e.revokers, nameOf)} (APPROVER_IDS)`,
      },
    ];
  const a = e.approval;
  return [
    { label: 'Who may request', text: `anyone in the workspace, for a key in ${e.region}` },
    {
      label: 'Who approves',
      text: `${list(e.approvers, nameOf)}${e.approversFromDefaults ? ' (APPROVER_IDS: the bucket names no approvers of its own)' : ''}`,
    },
    {
      label: 'Quorum',
      text:
        a.approvalsRequired === 1
          ? 'one approval, never the requester’s own'
          : `${a.approvalsRequired} distinct approvers, none of them the requester`,
    },
    {
      label: 'Reason',
      text: a.reasonRequired ? `required, at least ${plural(a.reasonMinLength, 'character')}` : 'optional',
    },
    {
      label: 'Key maximum age',
      text: e.keyMaxAgeMs === undefined ? 'no limit' : describeDuration(e.keyMaxAgeMs),
    },
    { label: 'Rotation', text: rotationText(e) },
    { label: 'Break-glass', text: breakGlassText(e, nameOf) },
    { label: 'Reminders', text: remindersText(e, nameOf) },
    {
      label: 'Revoke and review',
      text: `holders revoke their own keys; ${list(e.revokers, nameOf)} revoke whole grants and review break-glass keys (never their own)`,
    },
  ];
}

function rotationText(e: BucketExplanation): string {
  const l = e.lifecycle;
  const idle =
    l.idleMaxMs === undefined
      ? 'no idle limit'
      : `keys unused for ${describeDuration(l.idleMaxMs)} are deleted`;
  return [
    `an old key lives at most ${describeDuration(l.rotationGraceMs)} after a rotation`,
    l.rotationNeedsApproval ? 'a rotation needs a new approval' : 'a rotation needs no new approval',
    `holders are warned ${describeDuration(l.expiryWarningMs)} before expiry`,
    idle,
  ].join('; ');
}

function breakGlassText(e: BucketExplanation, nameOf: NameOf): string {
  const glass = e.approval.breakGlass;
  if (!glass) return 'not allowed';
  const life = describeDuration(e.breakGlassKeyMaxAgeMs ?? glass.keyMaxAgeMs);
  return `${list(glass.allowed, nameOf)}, at most ${plural(glass.maxPerDay, 'time')} a day each; the key lives ${life} and the approvers review it afterwards`;
}

function remindersText(e: BucketExplanation, nameOf: NameOf): string {
  const r = e.approval.reminders;
  if (!r) return 'none';
  const escalate = r.escalateTo.length ? `, then ${list(r.escalateTo, nameOf)} may decide too` : '';
  return `first after ${describeDuration(r.afterMs)}, ${plural(r.times, 'reminder')} in all${escalate}`;
}

/** How each answer names the rule a person meets: as named in it, or through a group. */
interface Role {
  named: string;
  groupDoes: string;
}

/** What one person may do on the bucket, and why ("member of S0MEDIA, which approves media-assets"). */
export function standingLines(s: PersonStanding, bucket: string, nameOf: NameOf): RuleLine[] {
  const line = (label: string, standing: Standing, role: Role) => ({
    label,
    text: `${standing.may ? 'yes' : 'no'}: ${standing.because.map((b) => becauseText(b, bucket, role, nameOf)).join('; ')}`,
  });
  return [
    line('May request', s.request, { named: 'named', groupDoes: `may request ${bucket}` }),
    line('May break the glass', s.breakGlass, {
      named: `named in breakGlass.allowed of ${bucket}`,
      groupDoes: `may break the glass on ${bucket}`,
    }),
    line('May approve', s.approve, {
      named: `named among the approvers of ${bucket}`,
      groupDoes: `approves ${bucket}`,
    }),
    line('May revoke others’ keys', s.revokeOthers, {
      named: `named among those who revoke grants on ${bucket}`,
      groupDoes: `revokes grants on ${bucket}`,
    }),
    line('May review break-glass', s.review, {
      named: `named among those who review break-glass keys on ${bucket}`,
      groupDoes: `reviews break-glass keys on ${bucket}`,
    }),
  ];
}

function becauseText(b: Because, bucket: string, role: Role, nameOf: NameOf): string {
  switch (b.kind) {
    case 'anyone':
      return `anyone in the workspace may request ${bucket}`;
    case 'not_requestable':
      return `the policy does not allow requests for ${bucket}`;
    case 'named':
      return role.named;
    case 'member':
      return `member of ${nameOf(b.group)}, which ${role.groupDoes}`;
    case 'escalation':
      return `through ${nameOf(b.via)} in reminders.escalateTo: may decide once the last reminder has gone unanswered`;
    case 'not_named':
      return 'neither named in the rule nor in a group it names';
    case 'no_break_glass':
      return `${bucket} allows no break-glass`;
    case 'departed':
      return 'Slack says this account is deactivated';
    case 'guest':
      return `a ${b.guest} guest; the policy has no rule for guests yet, so guests are treated like members`;
    case 'never_own':
      return 'never on their own';
  }
}
