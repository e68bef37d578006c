import { z } from 'zod';
import { parseDuration } from './duration.js';

const userOrGroup = z
  .string()
  .regex(/^[USW][A-Z0-9]{2,20}$/, 'must be a Slack user id (U…/W…) or user-group id (S…)');
const duration = z
  .string()
  .refine((text) => parseDuration(text) !== undefined, 'must be a duration such as 4h');

/**
 * The approval rules a bucket (or the whole file, as the default) may set. Spread into both the
 * top level and each bucket of the policy schema, so a bucket's own value wins key by key.
 */
export const approvalRuleKeys = {
  /** Distinct approvers, none of them the requester, who must each approve. */
  approvalsRequired: z.number().int().min(1).max(10).optional(),
  /** Self-service for incidents: a key at once, reviewed by the approvers afterwards. */
  breakGlass: z
    .object({
      allowed: z.array(userOrGroup).min(1),
      maxPerDay: z.number().int().min(1).max(24).default(1),
      keyMaxAge: duration.default('4h'),
    })
    .strict()
    .optional(),
  /** Replies in the card's thread while nobody decides, then the escalateTo people may decide. */
  reminders: z
    .object({
      after: duration,
      times: z.number().int().min(1).max(10).default(3),
      escalateTo: z.array(userOrGroup).default([]),
    })
    .strict()
    .optional(),
  reasonRequired: z.boolean().optional(),
  reasonMinLength: z.number().int().min(1).max(300).optional(),
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
