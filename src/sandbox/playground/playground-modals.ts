import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  blockSuggestionBody,
  sendSigned,
  shortcutBody,
  viewSubmissionBody,
} from '../slack/signed-request.js';
import type { SlackStandIn } from '../slack/slack-standin.js';

/** What the modal part of the playground needs: the Slack stand-in and the bot's signed door. */
export interface ModalBridge {
  slack: SlackStandIn;
  botEventsUrl: string;
  signingSecret: string;
}

interface Shortcut {
  name: string;
  type: string;
  callback_id: string;
  description?: string;
}

/** The global shortcuts the app's manifest declares: what Slack lists in the ⚡ menu. */
export function globalShortcuts(): Shortcut[] {
  const manifest = parseYaml(readFileSync(join(import.meta.dirname, '../../../manifest.yml'), 'utf8'));
  const all = (manifest?.features?.shortcuts ?? []) as Shortcut[];
  return all.filter((s) => s.type === 'global');
}

/** The ⚡ menu: a signed `shortcut` with a fresh trigger_id, which the bot exchanges for a modal. */
export async function runShortcut(o: ModalBridge, as: string, callbackId: string) {
  if (!globalShortcuts().some((s) => s.callback_id === callbackId))
    return { status: 400, error: 'no such shortcut' };
  const triggerId = o.slack.newTriggerId(as);
  const answer = await sendSigned(
    o.botEventsUrl,
    o.signingSecret,
    shortcutBody({ userId: as, callbackId, triggerId }),
  );
  return { status: answer.status };
}

/** The viewer's own open modal by id; nobody types into or submits someone else's. */
function ownView(o: ModalBridge, as: string, viewId: string) {
  const open = o.slack.openViews.get(viewId);
  return open && open.userId === as ? open : undefined;
}

/** Typing in an external_select: a signed `block_suggestion`; the bot's answer is the options. */
export async function suggest(
  o: ModalBridge,
  as: string,
  body: { viewId?: string; blockId?: string; actionId?: string; value?: string },
) {
  const open = ownView(o, as, body.viewId ?? '');
  if (!open) return { status: 404, options: [] };
  const answer = await sendSigned(
    o.botEventsUrl,
    o.signingSecret,
    blockSuggestionBody({
      userId: as,
      viewId: open.id,
      callbackId: String(open.view.callback_id ?? ''),
      blockId: body.blockId ?? '',
      actionId: body.actionId ?? '',
      value: String(body.value ?? ''),
    }),
  );
  // Slack shows no options when the app answers anything but options (or times out).
  const options = Array.isArray(answer.json?.options) ? answer.json.options : [];
  return { status: answer.status, options };
}

/**
 * Submit: a signed `view_submission` with the state values the page collected. As Slack does:
 * `errors` keeps the modal open with messages by block_id, `clear` or an empty answer closes it;
 * anything else (bucket-key sends no `update` or `push`) is shown as a failure in the modal.
 */
export async function submit(
  o: ModalBridge,
  as: string,
  body: { viewId?: string; values?: Record<string, Record<string, unknown>> },
) {
  const open = ownView(o, as, body.viewId ?? '');
  if (!open) return { status: 404, closed: true };
  const answer = await sendSigned(
    o.botEventsUrl,
    o.signingSecret,
    viewSubmissionBody({
      userId: as,
      viewId: open.id,
      callbackId: String(open.view.callback_id ?? ''),
      values: body.values ?? {},
    }),
  );
  if (answer.status !== 200) return { status: answer.status, failed: true };
  const action = answer.json?.response_action;
  if (action === 'errors') return { status: 200, errors: answer.json?.errors ?? {} };
  if (action === undefined || action === 'clear') {
    o.slack.closeView(open.id);
    return { status: 200, closed: true };
  }
  return { status: 200, failed: true };
}

/** Cancel or ×: the modal closes. The request modal does not ask for `view_closed` (notify_on_close). */
export function closeModal(o: ModalBridge, as: string, viewId: string) {
  const open = ownView(o, as, viewId);
  if (open) o.slack.closeView(open.id);
  return { closed: Boolean(open) };
}
