import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  blockActionBody,
  blockSuggestionBody,
  sendSigned,
  shortcutBody,
  signedHeaders,
  slashCommandBody,
  viewSubmissionBody,
} from '../../src/sandbox/slack/signed-request.js';
import { dmChannelOf } from '../../src/sandbox/slack/slack-workspace.js';
import { ACTION, FORM_INPUT, REQUEST_FORM_BLOCK, SHORTCUT, VIEW } from '../../src/slack/messages/ids.js';
import {
  APPROVER,
  type Harness,
  REQUESTER,
  SIGNING_SECRET,
  startHarness,
  textOf,
} from '../support/harness.js';

describe('the request modal', () => {
  let h: Harness | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const events = () => `${h!.bot.url}/slack/events`;
  const send = (body: string) => sendSigned(events(), SIGNING_SECRET, body);

  function policyFile(yaml: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'bucket-key-policy-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'policy.yml'), yaml);
    return join(dir, 'policy.yml');
  }

  async function openByShortcut(userId: string) {
    const triggerId = h!.slack.newTriggerId(userId);
    const answer = await send(shortcutBody({ userId, callbackId: SHORTCUT.requestKey, triggerId }));
    expect(answer.status).toBe(200);
    return h!.slack.viewOf(userId);
  }

  const suggest = (userId: string, value: string, viewId = 'VMODAL1') =>
    send(
      blockSuggestionBody({
        userId,
        actionId: FORM_INPUT.bucketPicker,
        blockId: REQUEST_FORM_BLOCK.bucket,
        value,
        viewId,
        callbackId: VIEW.requestKey,
      }),
    );

  const submit = (userId: string, form: { bucket: string; reason?: string; lifetime?: string }) =>
    send(
      viewSubmissionBody({
        userId,
        viewId: 'VMODAL1',
        callbackId: VIEW.requestKey,
        values: {
          [REQUEST_FORM_BLOCK.bucket]: {
            [FORM_INPUT.bucketPicker]: {
              type: 'external_select',
              selected_option: { text: { type: 'plain_text', text: form.bucket }, value: form.bucket },
            },
          },
          [REQUEST_FORM_BLOCK.reason]: {
            [FORM_INPUT.reasonInput]: { type: 'plain_text_input', value: form.reason ?? null },
          },
          [REQUEST_FORM_BLOCK.lifetime]: {
            [FORM_INPUT.lifetimeInput]: { type: 'plain_text_input', value: form.lifetime ?? null },
          },
        },
      }),
    );

  it('opens from the shortcut, offers the requestable buckets as typed, and a submission is a create', async () => {
    h = await startHarness({
      BUCKET_KEY_POLICY: policyFile('buckets:\n  media-assets: { keyMaxAge: 30d }\n  nightly-backups: {}\n'),
    });
    const view = await openByShortcut(REQUESTER);
    expect(view?.view.callback_id).toBe(VIEW.requestKey);

    const all = await suggest(REQUESTER, '');
    expect(all.json?.options).toEqual([
      { text: { type: 'plain_text', text: 'media-assets · us-east-1 · 0/2 keys' }, value: 'media-assets' },
      {
        text: { type: 'plain_text', text: 'nightly-backups · us-east-1 · 0/2 keys' },
        value: 'nightly-backups',
      },
    ]);
    const typed = await suggest(REQUESTER, 'night');
    expect(((typed.json?.options ?? []) as Array<{ value: string }>).map((o) => o.value)).toEqual([
      'nightly-backups',
    ]);

    const answer = await submit(REQUESTER, {
      bucket: 'media-assets',
      reason: 'nightly export',
      lifetime: '7d',
    });
    expect(answer.json).toEqual({ response_action: 'clear' });
    await h.settle();
    const card = h.approvalCards().at(-1);
    expect(textOf(card)).toContain('media-assets');
    expect(textOf(h.dmOf(REQUESTER).at(-1))).toMatch(/REQ-[0-9A-Z]{8}-1/);
    const request = (await h.requestItems()).find((item) => item.bucket === 'media-assets' && 'seq' in item);
    expect(request).toMatchObject({
      state: 'PENDING',
      reason: 'nightly export',
      requestedLifetimeMs: 7 * 86_400_000,
    });
  });

  it('answers field errors: a bucket not offered, a lifetime over the maximum, a malformed lifetime', async () => {
    h = await startHarness({
      BUCKET_KEY_POLICY: policyFile(
        'restrictToListedBuckets: true\nbuckets:\n  media-assets: { keyMaxAge: 30d, reasonMinLength: 12 }\n',
      ),
    });
    // nightly-backups exists in Lightsail but the policy does not offer it: a tampered submission.
    const tampered = await submit(REQUESTER, { bucket: 'nightly-backups', reason: 'x' });
    expect(tampered.json).toMatchObject({
      response_action: 'errors',
      errors: { bucket: expect.any(String) },
    });
    const tooShort = await submit(REQUESTER, { bucket: 'media-assets', reason: 'backup', lifetime: '1d' });
    expect(tooShort.json).toEqual({
      response_action: 'errors',
      errors: { reason: 'Keys to media-assets need a reason of at least 12 characters.' },
    });
    const tooLong = await submit(REQUESTER, {
      bucket: 'media-assets',
      reason: 'nightly export job',
      lifetime: '31d',
    });
    expect(tooLong.json).toEqual({
      response_action: 'errors',
      errors: { lifetime: 'Keys to media-assets live at most 30 days.' },
    });
    const malformed = await submit(REQUESTER, {
      bucket: 'media-assets',
      reason: 'nightly export job',
      lifetime: 'forever',
    });
    expect(malformed.json).toMatchObject({
      response_action: 'errors',
      errors: { lifetime: expect.any(String) },
    });
    const control = await submit(REQUESTER, { bucket: 'media-assets', reason: 'a\u0007b' });
    expect(control.json).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });
    await h.settle();
    expect((await h.requestItems()).filter((item) => 'seq' in item)).toEqual([]);
    expect(h.approvalCards()).toEqual([]);
  });

  it('opens from `/bucket-key create` with no bucket and from App Home; a stale trigger is refused by Slack', async () => {
    h = await startHarness();
    const responseUrl = h.slack.newResponseUrl(REQUESTER, dmChannelOf(REQUESTER));
    const triggerId = h.slack.newTriggerId(REQUESTER);
    const answer = await send(
      slashCommandBody({
        text: 'create',
        userId: REQUESTER,
        channelId: dmChannelOf(REQUESTER),
        responseUrl,
        triggerId,
      }),
    );
    expect(answer.status).toBe(200);
    expect(h.slack.viewOf(REQUESTER)?.view.callback_id).toBe(VIEW.requestKey);

    await send(
      blockActionBody({
        userId: APPROVER,
        actionId: ACTION.openRequestModal,
        value: 'open',
        in: 'home',
        triggerId: h.slack.newTriggerId(APPROVER),
      }),
    );
    expect(h.slack.viewOf(APPROVER)?.view.callback_id).toBe(VIEW.requestKey);

    // A trigger issued more than 3 seconds ago: Slack refuses it, and the person is told.
    const stale = h.slack.newTriggerId(REQUESTER, Date.now() - 4000);
    const url2 = h.slack.newResponseUrl(REQUESTER, dmChannelOf(REQUESTER));
    await send(
      slashCommandBody({
        text: 'create',
        userId: REQUESTER,
        channelId: dmChannelOf(REQUESTER),
        responseUrl: url2,
        triggerId: stale,
      }),
    );
    expect(h.slack.calls.filter((c) => c.method === 'views.open')).toHaveLength(3);
    expect(h.slack.openViews.size).toBe(2);
    expect(h.logs.some((line) => line.includes('expired_trigger_id'))).toBe(true);
  });

  it('refuses forged and stale submissions and suggestions with 401, and a 10,000-character query gets no options', async () => {
    h = await startHarness();
    const body = viewSubmissionBody({
      userId: REQUESTER,
      viewId: 'VMODAL1',
      callbackId: VIEW.requestKey,
      values: {
        [REQUEST_FORM_BLOCK.bucket]: {
          [FORM_INPUT.bucketPicker]: { selected_option: { value: 'media-assets' } },
        },
      },
    });
    const forged = await fetch(events(), {
      method: 'POST',
      headers: signedHeaders('wrong-secret', body),
      body,
    });
    expect(forged.status).toBe(401);
    const stale = await fetch(events(), {
      method: 'POST',
      headers: signedHeaders(SIGNING_SECRET, body, Math.floor(Date.now() / 1000) - 600),
      body,
    });
    expect(stale.status).toBe(401);
    const suggestion = blockSuggestionBody({
      userId: REQUESTER,
      actionId: FORM_INPUT.bucketPicker,
      blockId: REQUEST_FORM_BLOCK.bucket,
      value: 'm',
      viewId: 'VMODAL1',
      callbackId: VIEW.requestKey,
    });
    const forgedSuggestion = await fetch(events(), {
      method: 'POST',
      headers: signedHeaders('wrong-secret', suggestion),
      body: suggestion,
    });
    expect(forgedSuggestion.status).toBe(401);

    const huge = await suggest(REQUESTER, 'm'.repeat(10_000));
    expect(huge.status).toBe(200);
    expect(huge.json).toEqual({ options: [] });
    await h.settle();
    expect((await h.requestItems()).filter((item) => 'seq' in item)).toEqual([]);
  });

  it("Cancel request in App Home withdraws a pending request once, audited, and the approvers' card loses its buttons", async () => {
    h = await startHarness();
    await h.command(REQUESTER, 'create media-assets nightly export');
    await h.settle();
    const request = (await h.requestItems()).find((item) => 'seq' in item)!;
    const requestId = String(request.requestId);

    await h.event({ type: 'app_home_opened', user: REQUESTER, tab: 'home' });
    await h.settle();
    const home = JSON.stringify(h.slack.homeViews.get(REQUESTER)?.blocks);
    expect(home).toContain(ACTION.openRequestModal);
    expect(home).toContain(`"action_id":"${ACTION.cancelRequest}","value":"${requestId}"`);

    // Someone else's click on the same button changes nothing.
    await h.clickInHome(APPROVER, ACTION.cancelRequest, requestId);
    await h.settle();
    expect((await h.bot.deps.requests.get(requestId))?.state).toBe('PENDING');

    await Promise.all([
      h.clickInHome(REQUESTER, ACTION.cancelRequest, requestId),
      h.clickInHome(REQUESTER, ACTION.cancelRequest, requestId),
    ]);
    await h.settle();
    expect((await h.bot.deps.requests.get(requestId))?.state).toBe('CANCELLED');
    const events = (await h.allItems()).filter((item) => item.type === 'request_cancelled');
    expect(events).toHaveLength(1);
    const card = h.approvalCards().find((m) => JSON.stringify(m).includes(requestId));
    expect(JSON.stringify(card?.blocks)).not.toContain('approve_request');
    expect(textOf(card)).toContain('Cancelled by the requester');
    expect(JSON.stringify(h.slack.homeViews.get(REQUESTER)?.blocks)).not.toContain(ACTION.cancelRequest);
  });

  it("audits a cancel of someone else's request as refused, and not the requester's own late click", async () => {
    h = await startHarness();
    await h.command(REQUESTER, 'create media-assets nightly export');
    await h.settle();
    const requestId = String((await h.requestItems())[0]?.requestId);

    await h.clickInHome(APPROVER, ACTION.cancelRequest, requestId);
    await h.settle();
    await h.clickInHome(REQUESTER, ACTION.cancelRequest, requestId);
    await h.settle();
    await h.clickInHome(REQUESTER, ACTION.cancelRequest, requestId);
    await h.settle();

    expect((await h.bot.deps.requests.get(requestId))?.state).toBe('CANCELLED');
    const refusals = (await h.allItems()).filter((item) => item.outcome === 'refused');
    expect(refusals).toEqual([
      expect.objectContaining({
        type: 'refused_cancel',
        actorId: APPROVER,
        subjectUserId: REQUESTER,
        bucket: 'media-assets',
        requestId,
      }),
    ]);
    expect(textOf(h.slack.visibleTo(APPROVER).at(-1))).toContain('is not a pending request of yours');
  });
});
