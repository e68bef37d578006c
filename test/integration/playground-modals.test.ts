import { afterEach, describe, expect, it } from 'vitest';
import {
  closeModal,
  globalShortcuts,
  runShortcut,
  submit,
  suggest,
} from '../../src/sandbox/playground/playground-modals.js';
import { FORM_INPUT, REQUEST_FORM_BLOCK, SHORTCUT } from '../../src/slack/messages/ids.js';
import { APPROVER, type Harness, REQUESTER, SIGNING_SECRET, startHarness } from '../support/harness.js';

/** The playground's modal part against the real bot: every step a signed request, as Slack sends it. */
describe('the playground plays Slack for modals', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  const bridge = () => ({
    slack: h!.slack,
    botEventsUrl: `${h!.bot.url}/slack/events`,
    signingSecret: SIGNING_SECRET,
  });
  const form = (bucket: string, lifetime: string | null) => ({
    [REQUEST_FORM_BLOCK.bucket]: {
      [FORM_INPUT.bucketPicker]: {
        type: 'external_select',
        selected_option: { text: { type: 'plain_text', text: bucket }, value: bucket },
      },
    },
    [REQUEST_FORM_BLOCK.reason]: { [FORM_INPUT.reasonInput]: { type: 'plain_text_input', value: 'backups' } },
    [REQUEST_FORM_BLOCK.lifetime]: {
      [FORM_INPUT.lifetimeInput]: { type: 'plain_text_input', value: lifetime },
    },
  });

  it("lists the manifest's global shortcuts, and runs only those", async () => {
    h = await startHarness();
    expect(globalShortcuts().map((s) => s.callback_id)).toEqual([SHORTCUT.requestKey]);
    expect(await runShortcut(bridge(), REQUESTER, 'no_such_shortcut')).toMatchObject({ status: 400 });
    expect(h.slack.viewOf(REQUESTER)).toBeUndefined();
    expect(await runShortcut(bridge(), REQUESTER, SHORTCUT.requestKey)).toEqual({ status: 200 });
    expect(h.slack.viewOf(REQUESTER)?.view.title.text).toBe('Request a key');
  });

  it("answers type-ahead and submissions only on the viewer's own modal; errors keep it open, clear closes it", async () => {
    h = await startHarness();
    await runShortcut(bridge(), REQUESTER, SHORTCUT.requestKey);
    const viewId = h.slack.viewOf(REQUESTER)?.id ?? '';
    const typed = {
      viewId,
      blockId: REQUEST_FORM_BLOCK.bucket,
      actionId: FORM_INPUT.bucketPicker,
      value: 'med',
    };

    expect((await suggest(bridge(), REQUESTER, typed)).options.map((o) => o.value)).toEqual(['media-assets']);
    expect(await suggest(bridge(), APPROVER, typed)).toEqual({ status: 404, options: [] });
    expect(await submit(bridge(), APPROVER, { viewId, values: form('media-assets', null) })).toMatchObject({
      status: 404,
    });
    expect(closeModal(bridge(), APPROVER, viewId)).toEqual({ closed: false });

    const refused = await submit(bridge(), REQUESTER, { viewId, values: form('media-assets', 'forever') });
    expect(refused).toMatchObject({ status: 200, errors: { lifetime: expect.any(String) } });
    expect(h.slack.openViews.has(viewId)).toBe(true);

    expect(await submit(bridge(), REQUESTER, { viewId, values: form('media-assets', null) })).toEqual({
      status: 200,
      closed: true,
    });
    expect(h.slack.openViews.has(viewId)).toBe(false);
    await h.settle();
    const requests = (await h.requestItems()).filter((item) => 'seq' in item);
    expect(requests).toMatchObject([{ bucket: 'media-assets', requesterId: REQUESTER, state: 'PENDING' }]);
  });

  it('Cancel closes the modal for its owner', async () => {
    h = await startHarness();
    await runShortcut(bridge(), REQUESTER, SHORTCUT.requestKey);
    const viewId = h.slack.viewOf(REQUESTER)?.id ?? '';
    expect(closeModal(bridge(), REQUESTER, viewId)).toEqual({ closed: true });
    expect(h.slack.viewOf(REQUESTER)).toBeUndefined();
  });
});
