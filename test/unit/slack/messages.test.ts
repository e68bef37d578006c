import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../../src/domain/access-request.js';
import { approvalRequestCard, decidedRequestCard } from '../../../src/slack/messages/approval-request.js';
import { escapeText } from '../../../src/slack/messages/format.js';
import { ACTION } from '../../../src/slack/messages/ids.js';
import { secretMessage } from '../../../src/slack/messages/key-messages.js';
import { approvedDm } from '../../../src/slack/messages/requester-replies.js';

const request: AccessRequest = {
  requestId: 'REQ-ABCDEFGH-1',
  seq: 1,
  requesterId: 'UREQUESTER',
  bucket: 'media-assets',
  region: 'us-east-1',
  reason: 'ping <!channel> & <@U999>',
  state: 'PENDING',
  createdAt: '2026-11-28T10:00:00.000Z',
  dueAt: '2026-11-29T10:00:00.000Z',
};
const json = (value: unknown) => JSON.stringify(value);

describe('Block Kit builders', () => {
  it('escapes the reason so it can neither mention nor link', () => {
    expect(escapeText('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(json(approvalRequestCard(request, { keyCount: 1, approvers: ['U1'] }))).not.toContain(
      '<!channel>',
    );
  });

  it('puts confirmed Approve and Deny buttons on the approval card, valued with the request id only', () => {
    const card = approvalRequestCard(request, { keyCount: 1, approvers: ['U1'] });
    const buttons = card.blocks?.flatMap((b) => b.elements ?? []).filter((e) => e.type === 'button');
    expect(buttons?.map((b) => [b.action_id, b.value, b.style, Boolean(b.confirm)])).toEqual([
      [ACTION.approve, request.requestId, 'primary', true],
      [ACTION.deny, request.requestId, 'danger', true],
    ]);
    expect(json(card)).toContain('1 of 2');
  });

  it('shows the outcome without buttons once decided', () => {
    const denied = decidedRequestCard({
      ...request,
      state: 'DENIED',
      decidedBy: 'UAPPROVER1',
      decidedAt: request.createdAt,
    });
    expect(json(denied)).toContain('Denied by <@UAPPROVER1>');
    expect(json(denied)).not.toContain('"type":"button"');
    expect(json(decidedRequestCard({ ...request, state: 'EXPIRED' }))).toContain(
      'Expired without a decision',
    );
  });

  it('keeps the secret out of the fallback text of the secret message', () => {
    const message = secretMessage({
      bucket: 'media-assets',
      region: 'us-east-1',
      endpoint: 'https://s3.us-east-1.amazonaws.com',
      accessKeyId: 'AKIAABCDEFGHIJKLMNOP',
      secretAccessKey: 'TOP/SECRET+VALUE',
    });
    expect(message.text).not.toContain('TOP/SECRET+VALUE');
    expect(json(message.blocks)).toContain('TOP/SECRET+VALUE');
    expect(json(message.blocks)).toContain('shown');
  });

  it('offers "Create key now" in the approval DM', () => {
    const dm = approvedDm(
      { ...request, state: 'APPROVED', decidedBy: 'UAPPROVER1', approvalExpiresAt: request.dueAt },
      86_400_000,
    );
    expect(json(dm)).toContain(ACTION.createKeyNow);
    expect(dm.text).toContain('1 day');
  });
});
