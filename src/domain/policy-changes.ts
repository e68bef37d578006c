import type { Policy } from './policy.js';

/** An approver (user or group id) added to or removed from one bucket. */
export interface ApproverChange {
  bucket: string;
  id: string;
}

/** One key whose value differs: `payments-ledger.approvalsRequired` from 1 to 2; absent means unset. */
export interface RuleChange {
  path: string;
  before?: string;
  after?: string;
}

/** What one applied version changed against the version before it. */
export interface PolicyChange {
  /** False for the first version the bot applies: everything in it is new. */
  hasPrevious: boolean;
  bucketsAdded: string[];
  bucketsRemoved: string[];
  approversAdded: ApproverChange[];
  approversRemoved: ApproverChange[];
  rulesChanged: RuleChange[];
}

/**
 * Compares two policies key by key. Rules are compared generically (every key of the document but a
 * bucket's approvers, which are reported as people), so a key added to the schema is covered here
 * without a line of its own.
 */
export function summarizeChange(before: Policy | undefined, after: Policy): PolicyChange {
  const old = new Set(before?.bucketNames() ?? []);
  const now = new Set(after.bucketNames());
  const kept = [...now].filter((bucket) => old.has(bucket));
  const change: PolicyChange = {
    hasPrevious: before !== undefined,
    bucketsAdded: [...now].filter((bucket) => !old.has(bucket)),
    bucketsRemoved: [...old].filter((bucket) => !now.has(bucket)),
    approversAdded: [],
    approversRemoved: [],
    rulesChanged: before ? diffRules(topLevel(before), topLevel(after), '') : [],
  };
  if (!before) return change;
  for (const bucket of kept) {
    const was = new Set(before.rulesFor(bucket)?.approvers ?? []);
    const is = new Set(after.rulesFor(bucket)?.approvers ?? []);
    for (const id of is) if (!was.has(id)) change.approversAdded.push({ bucket, id });
    for (const id of was) if (!is.has(id)) change.approversRemoved.push({ bucket, id });
    change.rulesChanged.push(
      ...diffRules(bucketKeys(before, bucket), bucketKeys(after, bucket), `${bucket}.`),
    );
  }
  return change;
}

/** True when the new version changes nothing the bot acts on (say, only a comment was edited). */
export function isEmptyChange(change: PolicyChange): boolean {
  return (
    change.hasPrevious &&
    change.bucketsAdded.length + change.bucketsRemoved.length === 0 &&
    change.approversAdded.length + change.approversRemoved.length === 0 &&
    change.rulesChanged.length === 0
  );
}

function topLevel(policy: Policy): Map<string, unknown> {
  return new Map(Object.entries(policy.file).filter(([key]) => key !== 'buckets'));
}

function bucketKeys(policy: Policy, bucket: string): Map<string, unknown> {
  const own = new Map(Object.entries(policy.file.buckets)).get(bucket) ?? {};
  return new Map(Object.entries(own).filter(([key]) => key !== 'approvers'));
}

function diffRules(before: Map<string, unknown>, after: Map<string, unknown>, prefix: string): RuleChange[] {
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  return keys.flatMap((key) => {
    const was = shown(before.get(key));
    const is = shown(after.get(key));
    if (was === is) return [];
    return [
      {
        path: `${prefix}${key}`,
        ...(was === undefined ? {} : { before: was }),
        ...(is === undefined ? {} : { after: is }),
      },
    ];
  });
}

function shown(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The change in one line, for the audit event's detail and the logs: what was added, removed and
 * changed, at most `max` characters (the rest counted, never silently cut).
 */
export function describeChange(change: PolicyChange, max = 1500): string {
  if (!change.hasPrevious) return 'first version applied';
  const parts = [
    list('buckets added', change.bucketsAdded),
    list('buckets removed', change.bucketsRemoved),
    list(
      'approvers added',
      change.approversAdded.map((a) => `${a.id} on ${a.bucket}`),
    ),
    list(
      'approvers removed',
      change.approversRemoved.map((a) => `${a.id} on ${a.bucket}`),
    ),
    list(
      'rules changed',
      change.rulesChanged.map((r) => `${r.path} ${r.before ?? '(unset)'} → ${r.after ?? '(unset)'}`),
    ),
  ].filter(Boolean);
  const text = parts.length ? parts.join('; ') : 'no rule changed';
  if (text.length <= max) return text;
  const note = ` … (${text.length - max} more characters)`;
  return `${text.slice(0, max - note.length)}${note}`;
}

function list(label: string, items: readonly string[]): string {
  return items.length ? `${label}: ${items.join(', ')}` : '';
}
