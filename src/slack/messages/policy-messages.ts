import type { PolicyProvenance } from '../../domain/policy.js';
import type { PolicyChange } from '../../domain/policy-changes.js';
import type { BucketExplanation, GroupExpansion, PersonStanding } from '../../domain/policy-explain.js';
import { problemLines } from '../../domain/policy-problems.js';
import type { SlackMessage } from '../../ports/messenger.js';
import type { PolicyApplied, PolicyRefused } from '../../ports/notices/policy-notices.js';
import { context, escapeText, mention, section, simple, slackDate, truncate } from './format.js';
import { bucketRuleLines, type RuleLine, standingLines } from './policy-lines.js';

/** Items shown per list of a change notice; the rest are counted. */
const CHANGES_SHOWN = 15;
const SECTION_MAX = 2900;

const hashOf = (sha256: string) => `\`${sha256.slice(0, 16)}…\``;
const by = (who: string | undefined) => (who ? escapeText(who) : 'an author SSM did not name');
const lines = (rules: RuleLine[]) => rules.map((r) => `*${r.label}:* ${r.text}`).join('\n');

/** A new version is in force: posted once to the approvers' channel. */
export function policyAppliedNotice(a: PolicyApplied): SlackMessage {
  const when = a.modifiedAt ? ` on ${slackDate(a.modifiedAt)}` : '';
  return {
    text: `bucket-key policy version ${a.version} is in force`,
    blocks: [
      section(`:scroll: *Policy version ${a.version}* of \`${escapeText(a.name)}\` is in force.`),
      section(truncate(changeLines(a.change), SECTION_MAX)),
      context(
        `SHA-256 ${hashOf(a.sha256)} · set by ${by(a.modifiedBy)}${when} · recorded on the audit chain as \`policy_changed\``,
      ),
    ],
  };
}

function changeLines(change: PolicyChange): string {
  if (!change.hasPrevious)
    return 'The first version the bot applies: see `/bucket-key policy explain <bucket>`.';
  const capped = (label: string, items: string[]) => {
    if (!items.length) return [];
    const more = items.length - CHANGES_SHOWN;
    return [`*${label}:* ${items.slice(0, CHANGES_SHOWN).join(', ')}${more > 0 ? ` and ${more} more` : ''}`];
  };
  const out = [
    ...capped(
      'Buckets added',
      change.bucketsAdded.map((b) => `\`${b}\``),
    ),
    ...capped(
      'Buckets removed',
      change.bucketsRemoved.map((b) => `\`${b}\``),
    ),
    ...capped(
      'Approvers added',
      change.approversAdded.map((c) => `${mention(c.id)} on \`${c.bucket}\``),
    ),
    ...capped(
      'Approvers removed',
      change.approversRemoved.map((c) => `${mention(c.id)} on \`${c.bucket}\``),
    ),
    ...capped(
      'Rules changed',
      change.rulesChanged.map(
        (r) => `\`${r.path}\` ${escapeText(r.before ?? '(unset)')} → ${escapeText(r.after ?? '(unset)')}`,
      ),
    ),
  ];
  return out.length ? out.join('\n') : 'No rule changed (the text did, for instance a comment).';
}

/** A version was refused: posted once, with every fault and its path. */
export function policyRefusedNotice(r: PolicyRefused): SlackMessage {
  const kept =
    r.keptVersion === undefined
      ? 'The bot has *no valid policy* and takes no requests until a valid version is put.'
      : `The bot keeps applying version ${r.keptVersion}.`;
  return {
    text: `bucket-key refused policy version ${r.version}`,
    blocks: [
      section(`:no_entry: *Policy version ${r.version}* of \`${escapeText(r.name)}\` was refused. ${kept}`),
      // The faults quote the version's own keys: in a code block (no links, no mentions, no markup).
      section(
        `\`\`\`${truncate(escapeText(problemLines(r.problems).join('\n').replace(/`/g, "'")), SECTION_MAX)}\`\`\``,
      ),
      context(
        `SHA-256 ${hashOf(r.sha256)} · set by ${by(r.modifiedBy)} · check a policy before you put it with \`npm run policy:check -- policy.yml\``,
      ),
    ],
  };
}

const NO_POLICY = {
  invalid:
    ':no_entry: bucket-key has no valid policy right now, so it cannot act on requests. The approvers have been told how to fix it.',
  unreadable:
    ':cloud: bucket-key cannot read its policy right now, so it cannot act on requests. Please try again in a few minutes.',
  unrecorded:
    ':cloud: bucket-key cannot record its new policy on the audit log right now, so it cannot act on requests. Please try again in a few minutes.',
} as const;

/** A job the bot cannot run: no valid policy is in force, it cannot be read, or its change cannot be recorded. */
export function noPolicyInForce(reason: keyof typeof NO_POLICY, ref: string): SlackMessage {
  return simple(NO_POLICY[reason], `Reference \`${ref}\` in the bot's logs.`);
}

/** `/bucket-key policy`: which version is in force, its hash, and when and by whom it was set. */
export function policyShown(
  p: PolicyProvenance,
  facts: { buckets: number; restricted: boolean },
): SlackMessage {
  const scope = `${facts.buckets} bucket${facts.buckets === 1 ? '' : 's'} listed; ${facts.restricted ? 'only those may be requested' : 'any other bucket may be requested under the defaults'}.`;
  const help = 'Explain one with `/bucket-key policy explain <bucket> [@user]`.';
  switch (p.source) {
    case 'ssm':
      return {
        text: `bucket-key policy: version ${p.version}`,
        blocks: [
          section(
            `:scroll: *Policy version ${p.version}* of \`${escapeText(p.name)}\` is in force. ${scope}`,
          ),
          section(
            `*SHA-256:* \`${p.sha256}\`\n*Set:* ${p.modifiedAt ? slackDate(p.modifiedAt) : 'unknown'} by ${by(p.modifiedBy)}`,
          ),
          context(help),
        ],
      };
    case 'file':
      return {
        text: 'bucket-key policy: a file read at start',
        blocks: [
          section(
            `:scroll: The policy in force is the file \`${escapeText(p.name)}\`, read at start. ${scope}`,
          ),
          section(`*SHA-256:* \`${p.sha256}\`\nA change takes effect when the bot restarts.`),
          context(help),
        ],
      };
    case 'defaults':
      return {
        text: 'bucket-key policy: the defaults only',
        blocks: [
          section(
            ':scroll: No policy document: every bucket may be requested, and APPROVER_IDS approve them all.',
          ),
          context(help),
        ],
      };
  }
}

/** `/bucket-key policy explain <bucket> [@user]`: the bucket's rules, groups expanded, and one person's standing. */
export function policyExplained(
  e: BucketExplanation,
  groups: readonly GroupExpansion[],
  standing?: PersonStanding,
): SlackMessage {
  const blocks: unknown[] = [
    section(
      `:mag: *What the policy says of \`${e.bucket}\`*${e.listed ? '' : ' (not listed: the defaults apply)'}`,
    ),
    section(truncate(lines(bucketRuleLines(e, mention)), SECTION_MAX)),
    ...groups.map((g) => section(truncate(groupLine(g), SECTION_MAX))),
  ];
  if (standing)
    blocks.push(
      section(
        truncate(
          `*${mention(standing.userId)} on \`${e.bucket}\`*\n${lines(standingLines(standing, e.bucket, mention))}`,
          SECTION_MAX,
        ),
      ),
    );
  return { text: `What the policy says of ${e.bucket}`, blocks };
}

function groupLine(g: GroupExpansion): string {
  if (!g.readable) return `${mention(g.group)}: its members could not be read from Slack.`;
  if (g.total === 0) return `${mention(g.group)} has no members.`;
  const shown = g.members.map((m) => (m.departed ? `~${mention(m.userId)}~ (departed)` : mention(m.userId)));
  const more = g.total - g.members.length;
  return `${mention(g.group)}: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** Someone who is neither an approver nor an auditor asked for the policy, or about another person. */
export function policyNotAllowed(what: 'policy' | 'others'): SlackMessage {
  return {
    text: 'Not allowed',
    blocks: [
      section(
        what === 'policy'
          ? ':lock: Only approvers and auditors may see which policy is in force. `/bucket-key policy explain <bucket>` tells anyone what a bucket’s rules are.'
          : ':lock: Only approvers and auditors may ask what someone else may do. Ask about yourself with `/bucket-key policy explain <bucket>`.',
      ),
    ],
  };
}
