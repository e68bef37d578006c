import * as z from 'zod/mini';
import { describeDuration, isBeyondMaxDuration, parseDuration } from './duration.js';
import { InvalidCommandError } from './errors.js';
import { ACCESS_KEY_ID, BUCKET_NAME, SLACK_MENTION } from './patterns.js';
import { parseRequestId } from './request-id.js';
import { parseReviewCommand, REVIEW_USAGE, type ReviewCommand } from './review-command.js';

/** Longest slash-command text we read; Slack allows more, nobody needs it here. */
export const MAX_TEXT = 1000;
export const MAX_REASON = 300;
/** Events per audit page at most: one section each, within Slack's 50 blocks a message. */
export const MAX_AUDIT_LIMIT = 40;
export const DEFAULT_AUDIT_PAGE = 10;
/** Furthest back `--since` reaches: a bounded date the worker's job schema always accepts. */
export const MAX_AUDIT_SINCE = 400 * 86_400_000;

export type AuditSubject =
  | { kind: 'bucket'; bucket: string }
  | { kind: 'user'; userId: string }
  /** What a user did (approvals, denials, revokes, refused attempts), rather than what happened to them. */
  | { kind: 'actor'; userId: string }
  | { kind: 'request'; requestId: string };

/** What an audit export covers: one subject's events, or the whole log. */
export type ExportTarget = AuditSubject | { kind: 'all' };
export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type Command =
  | { name: 'help' }
  | { name: 'status' }
  /** `breakGlass`: issue at once, without approval, for the people the policy allows. */
  | { name: 'create'; bucket: string; reason: string; breakGlass?: true }
  /** `create` with no bucket: the request modal, with its bucket picker. */
  | { name: 'createForm' }
  | { name: 'list'; bucket: string }
  | { name: 'revoke'; bucket: string; accessKeyId: string }
  | { name: 'rotate'; bucket: string; accessKeyId: string }
  | { name: 'audit'; subject: AuditSubject; sinceMs?: number; limit?: number }
  | { name: 'auditVerify'; sinceMs?: number }
  /** An approver asks for a signed checkpoint of the audit chain now. */
  | { name: 'auditCheckpoint' }
  | { name: 'auditExport'; target: ExportTarget; sinceMs?: number; format: ExportFormat }
  | { name: 'policy' }
  /** Without `userId`, about the person asking. */
  | { name: 'policyExplain'; bucket: string; userId?: string }
  | ReviewCommand;

export const USAGE = [
  '`/bucket-key create <bucket> [reason]` ask for an access key to a bucket',
  '`/bucket-key create` pick the bucket from a list, in a form',
  '`/bucket-key create <bucket> --break-glass <reason>` in an incident: a short-lived key at once, reviewed afterwards',
  '`/bucket-key list <bucket>` show the keys a bucket holds',
  '`/bucket-key revoke <bucket> <access-key-id>` delete a key',
  '`/bucket-key rotate <bucket> <access-key-id>` replace your key; the old one lives on for a grace period',
  '`/bucket-key status` your own requests and keys',
  '`/bucket-key audit <bucket | @user | request-id> [--since 7d] [--limit N]` the audit log; `@user --by` for what they did',
  '`/bucket-key audit verify [--since 30d]` check that the audit log is complete and unchanged',
  '`/bucket-key audit checkpoint` (approvers) sign a checkpoint of the audit log now',
  '`/bucket-key audit export <bucket | @user | all> [--since 30d] [--format csv|jsonl]` the audit log as a file in your DM',
  '`/bucket-key policy` the policy version in force, its hash, and who set it',
  '`/bucket-key policy explain <bucket> [@user]` who may request, approve, revoke and review on a bucket, and why',
  ...REVIEW_USAGE,
  '`/bucket-key help` this message',
].join('\n');

const bucketName = z
  .string()
  .check(z.regex(BUCKET_NAME, 'is not a valid Lightsail bucket name (3-54 characters: a-z, 0-9 and -)'));
const accessKeyId = z.string().check(z.regex(ACCESS_KEY_ID, 'is not an access key id'));
// Printable text only. Control characters and line or paragraph separators would let a reason fake
// lines on the approvers' card; invisible format characters (zero-width, direction marks) would make
// it read differently from what it is. The bidi controls among them are dropped before this check.
const HIDDEN_CHARACTER = /[\p{Cc}\p{Zl}\p{Zp}\p{Cf}]/u;
const HIDDEN_KINDS: Array<[RegExp, string]> = [
  [/\p{Cc}/u, 'a control character'],
  [/\p{Zl}/u, 'a line separator'],
  [/\p{Zp}/u, 'a paragraph separator'],
  [/\p{Cf}/u, 'an invisible formatting character'],
];
const reason = z.string().check(
  z.maxLength(MAX_REASON, `reason is longer than ${MAX_REASON} characters`),
  z.superRefine((text: string, ctx) => {
    const found = HIDDEN_CHARACTER.exec(text)?.[0];
    if (found !== undefined)
      ctx.addIssue({ code: 'custom', message: hiddenCharacterMessage(found), input: text });
  }),
);

/** Names the character by its code point (it may be invisible) and the rule it breaks. */
function hiddenCharacterMessage(character: string): string {
  const codePoint = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const kind = HIDDEN_KINDS.find(([pattern]) => pattern.test(character))?.[1] ?? 'a hidden character';
  return `reason contains ${codePoint}, ${kind}; a reason may not contain control characters, line or paragraph separators, or invisible formatting characters`;
}

// Embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): they reorder how the
// text around them is shown, so a reason could read differently to the approver than it is.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/gu;
/** The verb and the bucket token, as `split(/\s+/)` sees them; the reason is whatever follows. */
const VERB_AND_BUCKET = /^\S+\s+\S+/;

/**
 * Parses the text after `/bucket-key`. Throws InvalidCommandError with a message
 * that can be shown to the user as is.
 */
export function parseCommand(rawText: string): Command {
  if (rawText.length > MAX_TEXT)
    throw new InvalidCommandError(`That command is too long (over ${MAX_TEXT} characters).`);
  const text = rawText.trim();
  if (text === '') return { name: 'help' };
  const [verb = '', ...args] = text.split(/\s+/);
  switch (verb.toLowerCase()) {
    case 'help':
      return { name: 'help' };
    case 'status':
      expectArgs('status', args, 0, 0);
      return { name: 'status' };
    case 'create':
      if (args.length === 0) return { name: 'createForm' };
      return parseCreate(text, args);
    case 'list':
      expectArgs('list <bucket>', args, 1, 1);
      return { name: 'list', bucket: field('bucket', bucketName, args[0]) };
    case 'revoke':
      expectArgs('revoke <bucket> <access-key-id>', args, 2, 2);
      return {
        name: 'revoke',
        bucket: field('bucket', bucketName, args[0]),
        accessKeyId: field('access key id', accessKeyId, args[1]),
      };
    case 'audit':
      return parseAudit(args);
    case 'rotate':
      return parseRotate(args);
    case 'policy':
      return parsePolicy(args);
    case 'review':
      return parseReviewCommand(args);
    default:
      throw new InvalidCommandError(`I don't know \`${printable(verb)}\`.`);
  }
}

const BREAK_GLASS = /^--break-glass(?=\s|$)/;

function parseCreate(text: string, args: string[]): Command {
  expectArgs('create <bucket> [reason]', args, 1, Number.POSITIVE_INFINITY);
  const afterBucket = text.slice(VERB_AND_BUCKET.exec(text)?.[0].length ?? text.length).trim();
  // A missing break-glass reason is refused (and audited) by the worker, not here.
  const breakGlass = BREAK_GLASS.test(afterBucket);
  const why = afterBucket.replace(BREAK_GLASS, '').replace(BIDI_CONTROLS, '').trim();
  return {
    name: 'create',
    bucket: field('bucket', bucketName, args[0]),
    reason: field('reason', reason, why),
    ...(breakGlass ? { breakGlass: true as const } : {}),
  };
}

function parseAudit(args: string[]): Command {
  const [target, ...options] = args;
  if (target === 'verify') return parseAuditVerify(options);
  if (target === 'export') return parseAuditExport(options);
  if (target === 'checkpoint') {
    if (options.length > 0) throw new InvalidCommandError('Usage: `audit checkpoint`');
    return { name: 'auditCheckpoint' };
  }
  if (target === undefined)
    throw new InvalidCommandError('Usage: `audit <bucket | @user | request-id> [--since 7d] [--limit N]`');
  const command: Extract<Command, { name: 'audit' }> = { name: 'audit', subject: auditSubject(target) };
  for (let i = 0; i < options.length; i += 2) {
    const flag = options[i];
    const value = options[i + 1];
    if (flag === '--by' && command.subject.kind === 'user') {
      command.subject = { kind: 'actor', userId: command.subject.userId };
      i -= 1; // a flag without a value
    } else if (flag === '--since' && value !== undefined) {
      command.sinceMs = sinceOf(value);
    } else if (flag === '--limit' && value !== undefined) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > MAX_AUDIT_LIMIT) {
        throw new InvalidCommandError(`\`--limit\` takes a whole number from 1 to ${MAX_AUDIT_LIMIT}.`);
      }
      command.limit = n;
    } else {
      throw new InvalidCommandError(
        `I don't understand \`${printable(flag ?? '')}\`; audit takes \`--since\`, \`--limit\` and, after a @user, \`--by\`.`,
      );
    }
  }
  return command;
}

function parseRotate(args: string[]): Command {
  expectArgs('rotate <bucket> <access-key-id>', args, 2, 2);
  return {
    name: 'rotate',
    bucket: field('bucket', bucketName, args[0]),
    accessKeyId: field('access key id', accessKeyId, args[1]),
  };
}

const POLICY_USAGE = 'Usage: `/bucket-key policy` or `/bucket-key policy explain <bucket> [@user]`';

/** `policy`, or `policy explain <bucket> [@user]`. */
function parsePolicy(args: string[]): Command {
  const [sub, bucket, who, ...rest] = args;
  if (sub === undefined) return { name: 'policy' };
  if (sub.toLowerCase() !== 'explain' || bucket === undefined || rest.length > 0)
    throw new InvalidCommandError(POLICY_USAGE);
  const command: Command = { name: 'policyExplain', bucket: field('bucket', bucketName, bucket) };
  if (who === undefined) return command;
  const mention = SLACK_MENTION.exec(who);
  if (!mention?.[1])
    throw new InvalidCommandError(`\`${printable(who)}\` is not a @mention. ${POLICY_USAGE}`);
  return { ...command, userId: mention[1] };
}

const VERIFY_USAGE = 'Usage: `audit verify [--since 30d]`';
const EXPORT_USAGE = 'Usage: `audit export <bucket | @user | all> [--since 30d] [--format csv|jsonl]`';

/** `audit verify [--since 30d]`: without `--since`, the whole chain. */
function parseAuditVerify(options: string[]): Command {
  const flags = auditFlags(options, ['--since'], VERIFY_USAGE);
  return { name: 'auditVerify', ...(flags.sinceMs ? { sinceMs: flags.sinceMs } : {}) };
}

/** `audit export <bucket | @user | all> [--since 30d] [--format csv|jsonl]`; CSV unless told. */
function parseAuditExport(args: string[]): Command {
  const [target, ...options] = args;
  if (target === undefined || target.startsWith('--')) throw new InvalidCommandError(EXPORT_USAGE);
  const flags = auditFlags(options, ['--since', '--format'], EXPORT_USAGE);
  return {
    name: 'auditExport',
    target: target.toLowerCase() === 'all' ? { kind: 'all' } : auditSubject(target),
    format: flags.format ?? 'csv',
    ...(flags.sinceMs ? { sinceMs: flags.sinceMs } : {}),
  };
}

function auditFlags(
  options: string[],
  allowed: string[],
  usage: string,
): { sinceMs?: number; format?: ExportFormat } {
  const out: { sinceMs?: number; format?: ExportFormat } = {};
  for (let i = 0; i < options.length; i += 2) {
    const flag = options[i] ?? '';
    const value = options[i + 1];
    if (!allowed.includes(flag) || value === undefined) throw new InvalidCommandError(usage);
    if (flag === '--since') out.sinceMs = sinceOf(value);
    else {
      const format = EXPORT_FORMATS.find((f) => f === value.toLowerCase());
      if (!format) throw new InvalidCommandError(`\`--format\` is \`csv\` or \`jsonl\`. ${usage}`);
      out.format = format;
    }
  }
  return out;
}

function sinceOf(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined && !isBeyondMaxDuration(value))
    throw new InvalidCommandError('`--since` takes a duration such as `7d`, `12h` or `30m`.');
  if (ms === undefined || ms > MAX_AUDIT_SINCE)
    throw new InvalidCommandError(`\`--since\` goes back at most ${describeDuration(MAX_AUDIT_SINCE)}.`);
  return ms;
}

function auditSubject(target: string): AuditSubject {
  const mention = SLACK_MENTION.exec(target);
  if (mention?.[1]) return { kind: 'user', userId: mention[1] };
  const requestId = parseRequestId(target);
  if (requestId) return { kind: 'request', requestId };
  return { kind: 'bucket', bucket: field('bucket', bucketName, target) };
}

function expectArgs(usage: string, args: string[], min: number, max: number): void {
  if (args.length < min || args.length > max)
    throw new InvalidCommandError(`Usage: \`/bucket-key ${usage}\``);
}

function field<T>(label: string, schema: z.ZodMiniType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? 'is not valid';
  const shown = typeof value === 'string' ? `\`${printable(value)}\` ` : '';
  throw new InvalidCommandError(label === 'reason' ? `The ${message}.` : `The ${label} ${shown}${message}.`);
}

/** Echoes user input back safely: short, no backticks or Slack control sequences. */
function printable(text: string): string {
  const clean = text.replace(/[`<>&*_~\p{Cc}]/gu, '');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
