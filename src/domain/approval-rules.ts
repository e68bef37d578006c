import * as z from 'zod/mini';
import { parseDuration } from './duration.js';
import { SLACK_USER_OR_GROUP_ID } from './patterns.js';

const userOrGroup = z
  .string()
  .check(z.regex(SLACK_USER_OR_GROUP_ID, 'must be a Slack user id (U…/W…) or user-group id (S…)'));
const duration = z
  .string()
  .check(z.refine((text: string) => parseDuration(text) !== undefined, 'must be a duration such as 4h'));
const whole = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

/**
 * The approval rules a bucket (or the whole file, as the default) may set. Spread into both the
 * top level and each bucket of the policy schema, so a bucket's own value wins key by key.
 */
export const approvalRuleKeys = {
  /** Distinct approvers, none of them the requester, who must each approve. */
  approvalsRequired: z.optional(whole(1, 10)),
  /** Self-service for incidents: a key at once, reviewed by the approvers afterwards. */
  breakGlass: z.optional(
    z.strictObject({
      allowed: z.array(userOrGroup).check(z.minLength(1)),
      maxPerDay: z._default(whole(1, 24), 1),
      keyMaxAge: z._default(duration, '4h'),
    }),
  ),
  /** Replies in the card's thread while nobody decides, then the escalateTo people may decide. */
  reminders: z.optional(
    z.strictObject({
      after: duration,
      times: z._default(whole(1, 10), 3),
      escalateTo: z._default(z.array(userOrGroup), []),
    }),
  ),
  reasonRequired: z.optional(z.boolean()),
  reasonMinLength: z.optional(whole(1, 300)),
};

const ruleKeysSchema = z.object(approvalRuleKeys);
export type ApprovalRuleKeys = z.infer<typeof ruleKeysSchema>;

export interface BreakGlassRules {
  allowed: readonly string[];
  maxPerDay: number;
  keyMaxAgeMs: number;
}

export interface ReminderRules {
  afterMs: number;
  times: number;
  escalateTo: readonly string[];
}

/** A bucket's approval rules with every default applied. */
export interface ApprovalRules {
  approvalsRequired: number;
  breakGlass?: BreakGlassRules;
  reminders?: ReminderRules;
  reasonRequired: boolean;
  reasonMinLength: number;
}

/** The bucket's own keys over the file's top-level ones, over the built-in defaults. */
export function resolveApprovalRules(
  fileDefaults: ApprovalRuleKeys,
  bucket: ApprovalRuleKeys | undefined,
): ApprovalRules {
  const pick = <K extends keyof ApprovalRuleKeys>(key: K) => bucket?.[key] ?? fileDefaults[key];
  const glass = pick('breakGlass');
  const reminders = pick('reminders');
  const minLength = pick('reasonMinLength');
  return {
    approvalsRequired: pick('approvalsRequired') ?? 1,
    ...(glass
      ? {
          breakGlass: {
            allowed: glass.allowed,
            maxPerDay: glass.maxPerDay,
            keyMaxAgeMs: parseDuration(glass.keyMaxAge) ?? 4 * 3_600_000,
          },
        }
      : {}),
    ...(reminders
      ? {
          reminders: {
            afterMs: parseDuration(reminders.after) ?? 3_600_000,
            times: reminders.times,
            escalateTo: reminders.escalateTo,
          },
        }
      : {}),
    // A minimum length implies a reason is required.
    reasonRequired: (pick('reasonRequired') ?? false) || minLength !== undefined,
    reasonMinLength: minLength ?? 1,
  };
}

/** Why a reason falls short of the rules, as a sentence for the usage message; undefined when fine. */
export function reasonShortfall(rules: ApprovalRules, reason: string): string | undefined {
  if (!rules.reasonRequired) return undefined;
  const length = reason.trim().length;
  if (length === 0) return 'This bucket requires a reason (reasonRequired).';
  if (length < rules.reasonMinLength)
    return `This bucket requires a reason of at least ${rules.reasonMinLength} characters (reasonMinLength); yours has ${length}.`;
  return undefined;
}

/**
 * When reminder number `n` (1-based) is due: `after` past creation, then twice that later, and so
 * on, so reminders come at after × 1, 3, 7, 15… (each wait doubles the one before).
 */
export function reminderDueAt(createdAt: string, reminders: ReminderRules, n: number): Date {
  return new Date(Date.parse(createdAt) + reminders.afterMs * (2 ** n - 1));
}
