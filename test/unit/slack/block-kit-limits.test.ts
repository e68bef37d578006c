import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../../src/domain/access-request.js';
import type { AuditEvent } from '../../../src/domain/audit-event.js';
import { KeyIssuerError, type KeyIssuerFailure } from '../../../src/domain/errors.js';
import type { BucketKey } from '../../../src/ports/key-issuer.js';
import type { SlackMessage } from '../../../src/ports/messenger.js';
import { blockKitBreaches, describeBreaches } from '../../../src/sandbox/slack/block-kit-limits.js';
import { approvalRequestCard, decidedRequestCard } from '../../../src/slack/messages/approval-request.js';
import * as approverReplies from '../../../src/slack/messages/approver-replies.js';
import { auditPage, notAnAuditor } from '../../../src/slack/messages/audit-page.js';
import * as errorMessages from '../../../src/slack/messages/error-messages.js';
import { homeView } from '../../../src/slack/messages/home-view.js';
import { ACTION } from '../../../src/slack/messages/ids.js';
import { keyList } from '../../../src/slack/messages/key-list.js';
import * as keyMessages from '../../../src/slack/messages/key-messages.js';
import * as lifecycle from '../../../src/slack/messages/lifecycle-messages.js';
import * as requesterReplies from '../../../src/slack/messages/requester-replies.js';
import * as revokeMessages from '../../../src/slack/messages/revoke-messages.js';
import { statusMessage } from '../../../src/slack/messages/status.js';
import { UNKNOWN_KEYS_PER_POST, unknownKeysReports } from '../../../src/slack/messages/sweeper-messages.js';

const LONGEST_BUCKET = `b${'x'.repeat(52)}z`;
const REASON_300 = 'r'.repeat(300);

function request(i: number, over: Partial<AccessRequest> = {}): AccessRequest {
  return {
    requestId: `REQ-ABCDEFGH-${i}`,
    seq: i,
    requesterId: 'UREQUESTER',
    bucket: LONGEST_BUCKET,
    region: 'ap-southeast-2',
    reason: REASON_300,
    state: 'PENDING',
    createdAt: '2026-11-28T10:00:00.000Z',
    dueAt: '2026-11-29T10:00:00.000Z',
    ...over,
  };
}

function expectWithinLimits(message: { blocks?: unknown[] }, surface: 'message' | 'home' = 'message') {
  const breaches = blockKitBreaches(message.blocks, surface);
  expect(breaches, describeBreaches(breaches)).toEqual([]);
}

const json = (value: unknown) => JSON.stringify(value);

describe('Block Kit builders stay within Slack’s limits', () => {
  it('reports 200 unknown keys from one sweep over several posts, every key listed once', () => {
    const keys = Array.from({ length: 200 }, (_, i) => ({
      bucket: `${LONGEST_BUCKET.slice(0, 50)}${String(i).padStart(4, '0')}`,
      accessKeyId: `AKIA${String(i).padStart(16, '0')}`,
    }));
    const posts = unknownKeysReports(keys);
    expect(posts).toHaveLength(200 / UNKNOWN_KEYS_PER_POST);
    for (const post of posts) {
      expectWithinLimits(post.message);
      expect(json(post.message)).toContain('Found 200 access key(s)');
      for (const key of post.keys) expect(json(post.message)).toContain(key.accessKeyId);
    }
    expect(posts.flatMap((p) => p.keys)).toEqual(keys);
    expect(json(posts[4]?.message)).toContain('part 5 of 5');
  });

  it('shows an approver 120 pending requests on App Home: whole cards, and a count of the rest', () => {
    const own = Array.from({ length: 20 }, (_, i) => request(i, { state: 'ISSUED', accessKeyId: 'AKIA0' }));
    const pending = Array.from({ length: 120 }, (_, i) => request(100 + i));
    const view = homeView(own, { requests: pending, complete: true, channelId: 'CAPPROVALS' });
    expectWithinLimits(view, 'home');
    const shown = pending.filter((r) => json(view).includes(`"${r.requestId}"`));
    expect(shown.length).toBeGreaterThan(0);
    const buttons = view.blocks.flatMap(
      (b) => (b as { elements?: Array<{ value?: string }> }).elements ?? [],
    );
    for (const r of shown) {
      expect(buttons.filter((e) => e.value === r.requestId)).toHaveLength(2);
    }
    expect(json(view)).toContain(`${120 - shown.length} more waiting for your decision`);
    expect(json(view)).toContain('<#CAPPROVALS>');
    expect(json(view)).toContain('Waiting for your decision* (120)');
  });

  it('says "N+" on App Home when the lookup of pending requests stopped at its limit', () => {
    const pending = Array.from({ length: 30 }, (_, i) => request(i));
    const view = homeView([], { requests: pending, complete: false, channelId: 'CAPPROVALS' });
    expectWithinLimits(view, 'home');
    expect(json(view)).toContain('Waiting for your decision* (30+)');
    expect(json(view)).toMatch(/and \d+\+ more waiting/);
  });

  it('fits a 300-character reason on the approval card, decided or not', () => {
    expectWithinLimits(approvalRequestCard(request(1), { keyCount: 1, approvers: ['U1'] }));
    expectWithinLimits(decidedRequestCard(request(1, { state: 'DENIED', decidedBy: 'UAPPROVER1' })));
  });

  it('pages 40 audit events with long details', () => {
    const events: AuditEvent[] = Array.from({ length: 40 }, (_, i) => ({
      seq: i + 1,
      prevHash: '0'.repeat(64),
      hash: 'f'.repeat(64),
      eventId: `2026-11-28T10:00:${String(i).padStart(2, '0')}.000Z#abcdef`,
      at: `2026-11-28T10:00:${String(i).padStart(2, '0')}.000Z`,
      type: 'request_created',
      outcome: 'ok',
      actorId: 'UREQUESTER',
      subjectUserId: 'UREQUESTER',
      bucket: LONGEST_BUCKET,
      region: 'ap-southeast-2',
      requestId: `REQ-ABCDEFGH-${i}`,
      accessKeyId: 'AKIA0000000000000000',
      detail: 'd'.repeat(4000),
    }));
    const query = { subject: { kind: 'bucket' as const, bucket: LONGEST_BUCKET }, pageSize: 40 };
    const page = auditPage(query, events, 'c'.repeat(600));
    expectWithinLimits(page);
    expect(json(page)).toContain(ACTION.auditMore);
    expect(json(page)).toContain('more characters');
  });

  it('caps `/bucket-key status` at the 20 newest and says that older ones exist', () => {
    const message = statusMessage(Array.from({ length: 60 }, (_, i) => request(i)));
    expectWithinLimits(message);
    expect(json(message)).toContain('REQ-ABCDEFGH-19');
    expect(json(message)).not.toContain('REQ-ABCDEFGH-20');
    expect(json(message)).toContain('older ones are not listed');
  });

  it('caps `/bucket-key list` however many keys Lightsail reports', () => {
    const keys: BucketKey[] = Array.from({ length: 60 }, (_, i) => ({
      accessKeyId: `AKIA${String(i).padStart(16, '0')}`,
      status: 'Active',
      createdAt: new Date('2026-11-28T10:00:00.000Z'),
    }));
    const message = keyList(LONGEST_BUCKET, 'ap-southeast-2', keys, []);
    expectWithinLimits(message);
    expect(json(message)).toContain('and 50 more keys');
  });

  it('keeps every other message within the limits, with the longest names and ids', () => {
    const r = request(999_999, {
      requestId: 'REQ-ABCDEFGH-999999',
      decidedBy: 'UAPPROVER1',
      accessKeyId: 'AKIA0000000000000000',
    });
    const key: BucketKey = {
      accessKeyId: 'AKIA0000000000000000',
      status: 'Active',
      createdAt: new Date(0),
      lastUsedAt: new Date(0),
      lastUsedRegion: 'ap-southeast-2',
      lastUsedService: 's3',
    };
    const failures: KeyIssuerFailure[] = [
      'bucket_not_found',
      'invalid_input',
      'access_denied',
      'unauthenticated',
      'service_unavailable',
      'region_setup_in_progress',
    ];
    const messages: SlackMessage[] = [
      approverReplies.notAnApprover(r),
      approverReplies.selfApprovalRefused(),
      approverReplies.alreadyDecided(r),
      approverReplies.alreadyDecided(undefined),
      approverReplies.unknownRequest(),
      notAnAuditor(),
      errorMessages.usage('x'.repeat(1000)),
      ...failures.map((f) =>
        errorMessages.lightsailProblem(
          new KeyIssuerError(f, 'SomeException', 'm'),
          LONGEST_BUCKET,
          'ap-southeast-2',
          'abcdef12',
        ),
      ),
      errorMessages.botMisconfigured(
        new KeyIssuerError('access_denied', 'AccessDeniedException', 'm'),
        'abcdef12',
      ),
      errorMessages.somethingWentWrong('abcdef12'),
      keyMessages.secretMessage({
        bucket: LONGEST_BUCKET,
        region: 'ap-southeast-2',
        endpoint: 'https://s3.ap-southeast-2.amazonaws.com',
        accessKeyId: key.accessKeyId,
        secretAccessKey: 's'.repeat(40),
        expiresAt: '2026-12-28T10:00:00.000Z',
      }),
      keyMessages.keyDelivered(r),
      keyMessages.keyLimitReached(LONGEST_BUCKET, [key, key]),
      keyMessages.keyNotRecorded(r, key.accessKeyId, 300_000),
      requesterReplies.workingOnIt(),
      requesterReplies.requestCreated(
        r,
        Array.from({ length: 50 }, (_, i) => `S${i}`.padEnd(11, '0')),
      ),
      requesterReplies.approversNotNotified(r, 'not_in_channel'),
      requesterReplies.alreadyPending(r, ['U1']),
      requesterReplies.issueInProgress(r),
      requesterReplies.bucketNotAllowed(LONGEST_BUCKET),
      requesterReplies.approvedDm({ ...r, state: 'APPROVED' }, 86_400_000),
      requesterReplies.deniedDm(r),
      requesterReplies.expiredDm(r),
      requesterReplies.deliveryFailedDm(r),
      requesterReplies.requestNotYours(),
      ...(['ISSUED', 'ISSUING', 'PENDING', 'APPROVED', 'DENIED'] as const).map((state) =>
        requesterReplies.approvalNotUsable({ ...r, state }),
      ),
      requesterReplies.createOutcomeUnknown(r, 300_000),
      revokeMessages.confirmRevoke(LONGEST_BUCKET, key.accessKeyId),
      revokeMessages.revokeCancelled(),
      revokeMessages.keyRevoked(LONGEST_BUCKET, key.accessKeyId),
      revokeMessages.revokeRefused(LONGEST_BUCKET),
      revokeMessages.keyNotFound(LONGEST_BUCKET, key.accessKeyId),
      revokeMessages.yourAccessRevoked(LONGEST_BUCKET, [key.accessKeyId, key.accessKeyId], 'UAPPROVER1'),
      revokeMessages.grantRevoked(
        LONGEST_BUCKET,
        [key.accessKeyId],
        [{ accessKeyId: key.accessKeyId, error: 'ServiceUnavailableException' }],
      ),
      revokeMessages.yourKeyExpired(LONGEST_BUCKET, key.accessKeyId),
      keyList(LONGEST_BUCKET, 'ap-southeast-2', [key, key], [r]),
      statusMessage([]),
    ];
    for (const message of messages) expectWithinLimits(message);
  });

  it('keeps the key lifecycle messages and App Home Revoke buttons within limits, with the longest names', () => {
    const keyId = `AKIA${'Z'.repeat(124)}`;
    const issued = request(1, {
      state: 'ISSUED',
      accessKeyId: keyId,
      issuedAt: '2026-11-28T10:00:00.000Z',
      keyExpiresAt: '2026-12-28T10:00:00.000Z',
      replacedBy: keyId,
      retireBy: '2026-11-29T10:00:00.000Z',
    });
    const keys: BucketKey[] = [1, 2].map(() => ({
      accessKeyId: keyId,
      status: 'Active',
      createdAt: new Date(0),
    }));
    for (const message of [
      lifecycle.expiryWarning(issued),
      lifecycle.idleWarning(issued, '2026-11-28T10:00:00.000Z', '2026-12-28T10:00:00.000Z'),
      lifecycle.idleKeyDeleted(issued, 90 * 86_400_000),
      lifecycle.rotateNoFreeSlot(LONGEST_BUCKET, keys),
      lifecycle.rotationStarted(issued, keyId, '2026-11-29T10:00:00.000Z'),
      lifecycle.oldKeyRetiredDm(issued, 'its grace period is over'),
      lifecycle.alreadyRotating(issued),
      keyMessages.secretMessage({
        bucket: LONGEST_BUCKET,
        region: 'ap-southeast-2',
        endpoint: 'https://s3.ap-southeast-2.amazonaws.com',
        accessKeyId: keyId,
        secretAccessKey: 's'.repeat(40),
      }),
    ])
      expectWithinLimits(message);

    const own = Array.from({ length: 21 }, (_, i) =>
      request(i, { state: i % 2 ? 'ISSUED' : 'RETIRING', accessKeyId: keyId }),
    );
    const view = homeView(own, undefined);
    expectWithinLimits(view, 'home');
    const revokes = view.blocks.filter(
      (b) => (b as { accessory?: { action_id?: string } }).accessory?.action_id === ACTION.revokeNow,
    );
    expect(revokes).toHaveLength(20);
  });
});
