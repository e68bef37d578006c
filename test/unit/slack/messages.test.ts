import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../../src/domain/access-request.js';
import type { AuditEvent } from '../../../src/domain/audit-event.js';
import { approvalRequestCard, decidedRequestCard } from '../../../src/slack/messages/approval-request.js';
import { auditPage } from '../../../src/slack/messages/audit-page.js';
import { escapeText, inertText } from '../../../src/slack/messages/format.js';
import { homeView } from '../../../src/slack/messages/home-view.js';
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

/** Every text object in a payload, wherever it sits (sections, fields, context, buttons, confirms). */
function textObjects(value: unknown): Array<{ type: string; text: string; verbatim?: boolean }> {
  if (Array.isArray(value)) return value.flatMap(textObjects);
  if (!value || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const own =
    (object.type === 'mrkdwn' || object.type === 'plain_text') && typeof object.text === 'string'
      ? [object as { type: string; text: string }]
      : [];
  return [...own, ...Object.values(object).flatMap(textObjects)];
}

describe('user text is shown inert', () => {
  const hostile: Array<[string, string, string]> = [
    ['a right-to-left override', 'urgent \u202Edeen I', 'deen I'],
    ['*bold*', 'need it *bold* now', '*bold*'],
    ['_italic_', 'quietly _italic_ please', '_italic_'],
    ['~strike~', 'not ~strike~ this', '~strike~'],
    ['`code`', 'run `code` here', '`code`'],
    ['a bare URL', 'log in at https://evil.example/login', 'evil'],
  ];
  const event = (detail: string): AuditEvent => ({
    seq: 1,
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    eventId: '2026-11-28T10:00:00.000Z#abcdef',
    at: '2026-11-28T10:00:00.000Z',
    type: 'request_created',
    outcome: 'ok',
    actorId: 'UREQUESTER',
    bucket: 'media-assets',
    requestId: request.requestId,
    detail,
  });

  it.each(hostile)(
    '%s cannot format, link or reorder on the card, App Home or the audit log',
    (_name, reason, marker) => {
      const withReason = { ...request, reason };
      const surfaces = {
        card: approvalRequestCard(withReason, { keyCount: 0, approvers: ['U1'] }).blocks,
        decided: decidedRequestCard({ ...withReason, state: 'DENIED', decidedBy: 'UAPPROVER1' }).blocks,
        home: homeView([withReason], { requests: [withReason], complete: true, channelId: 'CAPPROVALS' })
          .blocks,
        audit: auditPage({ subject: { kind: 'bucket', bucket: 'media-assets' }, pageSize: 10 }, [
          event(reason),
        ]).blocks,
      };
      for (const [surface, blocks] of Object.entries(surfaces)) {
        const texts = textObjects(blocks);
        const carrying = texts.filter((t) => t.text.includes(marker.replace(/[*_~`]/g, '')));
        expect(carrying.length, surface).toBeGreaterThan(0);
        // Only plain_text carries it: Slack renders no mrkdwn there, so * _ ~ ` stay literal.
        expect(
          carrying.map((t) => t.type),
          surface,
        ).toEqual(carrying.map(() => 'plain_text'));
        expect(
          texts.filter((t) => t.type === 'mrkdwn' && /[*_~`]/.test(marker) && t.text.includes(marker)),
          surface,
        ).toEqual([]);
        expect(JSON.stringify(blocks), surface).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
        expect(JSON.stringify(blocks), surface).not.toContain('https://evil');
        expect(JSON.stringify(blocks), surface).not.toContain('evil.example');
      }
    },
  );

  it('keeps the words as typed: plain_text shows the markers, and a defanged URL still reads as one', () => {
    expect(inertText('need it *bold* now')).toBe('need it *bold* now');
    expect(inertText('log in at https://evil.example/login')).toBe(
      'log in at https[:]//evil[.]example/login',
    );
    expect(inertText('see www.evil.example or evil.example.')).toBe(
      'see www[.]evil[.]example or evil[.]example.',
    );
    expect(inertText('\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee\u2066f\u2067g\u2068h\u2069i')).toBe('abcdefghi');
    expect(inertText('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(inertText('version 1.2 of backups')).toBe('version 1.2 of backups');
  });
});
