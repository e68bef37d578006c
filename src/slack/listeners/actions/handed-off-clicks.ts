import type { App } from '@slack/bolt';
import { ACTION } from '../../messages/ids.js';
import type { ListenerContext } from '../context.js';
import { registerClick } from './click.js';

/**
 * Every button whose listener is only "acknowledge, then hand the signed click to the worker"
 * (click.ts): what it is, by its action id. What each click may do is decided by the worker.
 */
const HANDED_OFF_CLICKS: ReadonlyArray<readonly [actionId: string, what: string]> = [
  [ACTION.approve, 'Approve on an approval card (channel or App Home).'],
  [ACTION.deny, 'Deny on an approval card (channel or App Home).'],
  [
    ACTION.createKeyNow,
    '"Create key now" in the requester\'s DM: the click proves they are in Slack right now.',
  ],
  [
    ACTION.auditMore,
    '"More" under an audit page: the next page; the clicker\'s right to read the log is checked again.',
  ],
  [
    ACTION.revokeConfirm,
    '"Revoke key" on the confirmation: who may revoke is decided by the worker, from the verified user.',
  ],
  [ACTION.revokeCancel, '"Cancel" on the revoke confirmation: replaces it, changes nothing.'],
  [
    ACTION.revokeNow,
    '"Revoke" on the secret\'s message, App Home or a warning, after Slack\'s confirmation dialog.',
  ],
  [ACTION.rotateNow, '"Rotate now" on an expiry or idle warning: the same as `/bucket-key rotate`.'],
  [ACTION.breakGlassReviewed, 'Reviewed on a break-glass alert (approvers only, never the requester).'],
  [
    ACTION.breakGlassRevoke,
    'Revoke now on a break-glass alert: deletes the key and marks the break-glass reviewed.',
  ],
  [
    ACTION.cancelRequest,
    'App Home\'s "Cancel request": the worker withdraws the requester\'s own pending request.',
  ],
  [ACTION.reviewKeep, 'Keep on a key under access review: its reviewers only, never its holder.'],
  [ACTION.reviewRevoke, "Revoke on a key under access review, after Slack's confirmation dialog."],
  [ACTION.reviewPage, "Previous / Next on a reviewer's DM: another page of the campaign's keys."],
];

/** Registers every button of HANDED_OFF_CLICKS. */
export function registerHandedOffClicks(app: App, ctx: ListenerContext): void {
  for (const [actionId] of HANDED_OFF_CLICKS) registerClick(app, ctx, actionId);
}
