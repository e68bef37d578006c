import { type Command, DEFAULT_AUDIT_PAGE, parseCommand } from '../../domain/command.js';
import { InvalidCommandError } from '../../domain/errors.js';
import { SLACK_USER_ID } from '../../domain/patterns.js';
import { REQUEST_ID } from '../../domain/request-id.js';
import { parseCampaignId } from '../../domain/review.js';
import type { Job } from '../../ports/job-queue.js';
import { parseAuditPageValue } from '../../ports/job-schema.js';
import type { SlackMessage } from '../../ports/messenger.js';
import { usage } from '../messages/error-messages.js';
import { ACTION, SHORTCUT, VIEW } from '../messages/ids.js';
import type { FormErrors } from '../messages/request-modal.js';
import { confirmRevoke, revokeCancelled } from '../messages/revoke-messages.js';
import { readRequestForm } from './request-form.js';

/** What one Slack request asks of the bot. */
export type SlackIntent =
  /** Work for the worker. */
  | { kind: 'job'; job: Job }
  /** Answered at once, with nothing to hand off (help, bad input, the revoke confirmation). */
  | { kind: 'answer'; message: SlackMessage }
  /** Open the request modal with this trigger_id (in the http function: the trigger lives 3 s). */
  | { kind: 'modal'; triggerId: string }
  /** A request modal submission with fields to correct: `response_action: errors`. */
  | { kind: 'invalid'; errors: FormErrors }
  /** Nothing to do: an unknown action, a malformed button, an event the bot does not use. */
  | { kind: 'none'; why: string };

/**
 * The one reading of a Slack payload (as parsed by Bolt, or by the worker from the signed body) into
 * what it asks for. The http listeners and the worker both use it, so the worker acts on exactly what
 * Slack signed. `requestTimeSeconds` is the request's signed timestamp: relative times (`--since 7d`)
 * mean the same in both places.
 */
export function intentOf(payload: Record<string, unknown>, requestTimeSeconds: number): SlackIntent {
  if (typeof payload.command === 'string') return commandIntent(payload, requestTimeSeconds);
  if (payload.type === 'block_actions') return actionIntent(payload);
  if (payload.type === 'event_callback') return eventIntent(payload);
  if (payload.type === 'shortcut') return shortcutIntent(payload);
  if (payload.type === 'view_submission') return viewSubmissionIntent(payload);
  return { kind: 'none', why: 'not a request the bot handles' };
}

function commandIntent(payload: Record<string, unknown>, requestTimeSeconds: number): SlackIntent {
  const userId = String(payload.user_id ?? '');
  const responseUrl = String(payload.response_url ?? '');
  if (payload.command !== '/bucket-key' || !SLACK_USER_ID.test(userId) || !responseUrl)
    return { kind: 'none', why: 'malformed slash command' };
  let command: Command;
  try {
    command = parseCommand(String(payload.text ?? ''));
  } catch (error) {
    if (!(error instanceof InvalidCommandError)) throw error;
    return { kind: 'answer', message: usage(error.message) };
  }
  switch (command.name) {
    case 'help':
      return { kind: 'answer', message: usage() };
    case 'createForm':
      return modalIntent(payload);
    // Revoking asks first; the confirmation button starts the job.
    case 'revoke':
      return { kind: 'answer', message: confirmRevoke(command.bucket, command.accessKeyId) };
    case 'create':
      return job({
        kind: 'create',
        userId,
        bucket: command.bucket,
        reason: command.reason,
        responseUrl,
        ...(command.breakGlass ? { breakGlass: true } : {}),
      });
    case 'list':
      return job({ kind: 'list', userId, bucket: command.bucket, responseUrl });
    case 'rotate':
      return job({
        kind: 'rotate',
        userId,
        bucket: command.bucket,
        accessKeyId: command.accessKeyId,
        responseUrl,
      });
    case 'status':
      return job({ kind: 'status', userId, responseUrl });
    case 'audit':
    case 'auditVerify':
    case 'auditExport':
      return job(auditJob(command, userId, responseUrl, requestTimeSeconds));
    case 'policy':
      return job({ kind: 'policy', userId, responseUrl });
    case 'policyExplain':
      return job({
        kind: 'policyExplain',
        userId,
        responseUrl,
        bucket: command.bucket,
        ...(command.userId ? { aboutUserId: command.userId } : {}),
      });
    case 'auditCheckpoint':
      return job({ kind: 'auditCheckpoint', userId, responseUrl });
    case 'review':
    case 'reviewReport':
      return job(reviewJob(command, userId, responseUrl));
  }
}

/** `review [bucket]` and `review report <campaign-id> [--format csv|jsonl]` as jobs. */
function reviewJob(
  command: Extract<Command, { name: 'review' | 'reviewReport' }>,
  userId: string,
  responseUrl: string,
): Job {
  if (command.name === 'review')
    return {
      kind: 'accessReviews',
      userId,
      responseUrl,
      ...(command.bucket ? { bucket: command.bucket } : {}),
    };
  return {
    kind: 'accessReviewReport',
    userId,
    responseUrl,
    campaignId: command.campaignId,
    format: command.format,
  };
}

/** The audit log's three commands as jobs; `--since` is fixed to when Slack signed the request. */
function auditJob(
  command: Extract<Command, { name: 'audit' | 'auditVerify' | 'auditExport' }>,
  userId: string,
  responseUrl: string,
  requestTimeSeconds: number,
): Job {
  const since = sinceOf(command.sinceMs, requestTimeSeconds);
  switch (command.name) {
    case 'audit':
      return {
        kind: 'audit',
        userId,
        responseUrl,
        query: { subject: command.subject, pageSize: command.limit ?? DEFAULT_AUDIT_PAGE, ...since },
      };
    case 'auditVerify':
      return { kind: 'auditVerify', userId, responseUrl, ...since };
    case 'auditExport':
      return {
        kind: 'auditExport',
        userId,
        responseUrl,
        target: command.target,
        format: command.format,
        ...since,
      };
  }
}

/** `--since` as an absolute time, relative to when Slack signed the request. */
function sinceOf(sinceMs: number | undefined, requestTimeSeconds: number): { since?: string } {
  return sinceMs ? { since: new Date(requestTimeSeconds * 1000 - sinceMs).toISOString() } : {};
}

function actionIntent(payload: Record<string, unknown>): SlackIntent {
  const user = payload.user as { id?: unknown } | undefined;
  const userId = String(user?.id ?? '');
  const action = (Array.isArray(payload.actions) ? payload.actions[0] : undefined) as
    | { action_id?: unknown; value?: unknown }
    | undefined;
  if (!SLACK_USER_ID.test(userId) || !action) return { kind: 'none', why: 'malformed click' };
  const value = typeof action.value === 'string' ? action.value : '';
  // A click in App Home has no response_url: answers go to the DM, and the Home view is refreshed.
  const where = typeof payload.response_url === 'string' ? { responseUrl: payload.response_url } : {};
  const requestId = REQUEST_ID.test(value) ? value : undefined;
  switch (action.action_id) {
    case ACTION.approve:
    case ACTION.deny:
      if (!requestId) return { kind: 'none', why: 'button with a malformed request id' };
      return job({
        kind: 'decide',
        userId,
        requestId,
        approve: action.action_id === ACTION.approve,
        ...where,
      });
    case ACTION.createKeyNow:
      if (!requestId) return { kind: 'none', why: 'button with a malformed request id' };
      return job({ kind: 'issue', userId, requestId, fromButton: true, ...where });
    case ACTION.breakGlassReviewed:
    case ACTION.breakGlassRevoke:
      if (!requestId) return { kind: 'none', why: 'button with a malformed request id' };
      return job({
        kind: 'review',
        userId,
        requestId,
        revoke: action.action_id === ACTION.breakGlassRevoke,
        ...where,
      });
    case ACTION.auditMore: {
      const query = parseAuditPageValue(value);
      if (!query || !where.responseUrl)
        return { kind: 'none', why: 'audit page button with a malformed value' };
      return job({ kind: 'audit', userId, query, responseUrl: where.responseUrl });
    }
    case ACTION.revokeConfirm:
    // Revoke on the secret's message, App Home or a warning: Slack's dialog has already confirmed it.
    case ACTION.revokeNow:
      return keyIntent('revoke', userId, value, where);
    case ACTION.rotateNow:
      return keyIntent('rotate', userId, value, where);
    case ACTION.revokeCancel:
      return { kind: 'answer', message: revokeCancelled() };
    case ACTION.openRequestModal:
      return modalIntent(payload);
    case ACTION.cancelRequest:
      if (!requestId) return { kind: 'none', why: 'button with a malformed request id' };
      return job({ kind: 'cancel', userId, requestId });
    case ACTION.reviewKeep:
    case ACTION.reviewRevoke:
    case ACTION.reviewPage:
      return reviewClickIntent(String(action.action_id), userId, value, where);
    default:
      return { kind: 'none', why: 'unknown action' };
  }
}

/** A button whose value is `<bucket> <access-key-id>`, read by the same grammar as the command. */
function keyIntent(
  verb: 'revoke' | 'rotate',
  userId: string,
  value: string,
  where: { responseUrl?: string },
): SlackIntent {
  let parsed: Command;
  try {
    parsed = parseCommand(`${verb} ${value}`);
  } catch {
    return { kind: 'none', why: `${verb} button with a malformed value` };
  }
  if (parsed.name !== verb) return { kind: 'none', why: `${verb} button with a malformed value` };
  return job({ kind: verb, userId, bucket: parsed.bucket, accessKeyId: parsed.accessKeyId, ...where });
}

/**
 * Keep and Revoke carry `<campaign-id> <grant-id> <page>`, the page buttons `<campaign-id> <page>`:
 * only what was clicked. Who may decide is the worker's to check.
 */
function reviewClickIntent(
  actionId: string,
  userId: string,
  value: string,
  where: { responseUrl?: string },
): SlackIntent {
  const [id = '', second = '', third] = value.split(' ');
  const campaignId = parseCampaignId(id);
  const page = Number(actionId === ACTION.reviewPage ? second : (third ?? '0'));
  if (!campaignId || !Number.isInteger(page) || page < 0 || page > 999)
    return { kind: 'none', why: 'review button with a malformed value' };
  if (actionId === ACTION.reviewPage) {
    if (!where.responseUrl) return { kind: 'none', why: 'review page button without a response_url' };
    return job({ kind: 'accessReviewPage', userId, campaignId, page, responseUrl: where.responseUrl });
  }
  if (!REQUEST_ID.test(second)) return { kind: 'none', why: 'review button with a malformed grant id' };
  return job({
    kind: 'accessReviewDecide',
    userId,
    campaignId,
    grantId: second,
    keep: actionId === ACTION.reviewKeep,
    page,
    ...where,
  });
}

function eventIntent(payload: Record<string, unknown>): SlackIntent {
  const event = payload.event as { type?: unknown; tab?: unknown; user?: unknown } | undefined;
  if (event?.type !== 'app_home_opened' || event.tab !== 'home')
    return { kind: 'none', why: 'event not used' };
  const userId = String(event.user ?? '');
  if (!SLACK_USER_ID.test(userId)) return { kind: 'none', why: 'malformed event' };
  return job({ kind: 'home', userId });
}

function shortcutIntent(payload: Record<string, unknown>): SlackIntent {
  if (payload.callback_id !== SHORTCUT.requestKey) return { kind: 'none', why: 'unknown shortcut' };
  return modalIntent(payload);
}

function modalIntent(payload: Record<string, unknown>): SlackIntent {
  const triggerId = payload.trigger_id;
  if (typeof triggerId !== 'string' || triggerId === '' || triggerId.length > 255)
    return { kind: 'none', why: 'no trigger_id to open the request form with' };
  return { kind: 'modal', triggerId };
}

/** The request modal's submission is `/bucket-key create`, checked the same way. */
function viewSubmissionIntent(payload: Record<string, unknown>): SlackIntent {
  const userId = String((payload.user as { id?: unknown } | undefined)?.id ?? '');
  const view = payload.view as Record<string, unknown> | undefined;
  if (view?.callback_id !== VIEW.requestKey || !SLACK_USER_ID.test(userId))
    return { kind: 'none', why: 'not a request form submission' };
  const form = readRequestForm(view);
  if (!form.ok) return { kind: 'invalid', errors: form.errors };
  return job({
    kind: 'create',
    userId,
    bucket: form.bucket,
    reason: form.reason,
    ...(form.lifetimeMs === undefined ? {} : { lifetimeMs: form.lifetimeMs }),
  });
}

const job = (value: Job): SlackIntent => ({ kind: 'job', job: value });

/** Who a payload says sent it, without trusting it: for the record of a refused job. */
export function claimedUserOf(payload: Record<string, unknown> | undefined): string | undefined {
  const candidates = [
    payload?.user_id,
    (payload?.user as { id?: unknown } | undefined)?.id,
    (payload?.event as { user?: unknown } | undefined)?.user,
  ];
  return candidates.find((id): id is string => typeof id === 'string' && SLACK_USER_ID.test(id));
}
