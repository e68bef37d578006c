import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../../src/domain/access-request.js';
import { ACTION } from '../../../src/slack/messages/ids.js';
import {
  bucketNoLongerAllowed,
  createFailedCleanupPending,
  createFailedTryAgain,
} from '../../../src/slack/messages/issue-outcome-messages.js';
import { keysDeletedByRepair } from '../../../src/slack/messages/repair-messages.js';

const request: AccessRequest = {
  requestId: 'REQ-ABCDEFGH-1',
  seq: 1,
  requesterId: 'UREQUESTER',
  bucket: 'media-assets',
  region: 'us-east-1',
  reason: 'nightly export',
  state: 'APPROVED',
  createdAt: '2026-11-28T10:00:00.000Z',
};
const json = (value: unknown) => JSON.stringify(value);

describe('messages about failed and repaired issues', () => {
  it('tells the approvers which keys a repair deleted, on which bucket, for which request, and why', () => {
    const message = keysDeletedByRepair({
      bucket: 'media-assets',
      region: 'us-east-1',
      requestId: request.requestId,
      accessKeyIds: ['AKIAAAAAAAAAAAAAAAAA', 'AKIABBBBBBBBBBBBBBBB'],
      cause: 'timed_out_create',
    });
    for (const part of [
      'media-assets',
      'us-east-1',
      request.requestId,
      'AKIAAAAAAAAAAAAAAAAA',
      'AKIABBBBBBBBBBBBBBBB',
    ])
      expect(json(message)).toContain(part);
    expect(json(message)).toContain('no usable answer');
    expect(message.text).not.toMatch(/[*`]/);
    expect(json(message)).not.toContain('"type":"button"');
  });

  it('gives each repair cause its own reason', () => {
    const causes = [
      'interrupted_issue',
      'timed_out_create',
      'failed_create',
      'create_without_secret',
    ] as const;
    const reasons = causes.map((cause) =>
      json(
        keysDeletedByRepair({
          bucket: 'b-1',
          region: 'us-east-1',
          requestId: 'R',
          accessKeyIds: ['K'],
          cause,
        }).blocks,
      ),
    );
    expect(new Set(reasons).size).toBe(causes.length);
  });

  it('offers "Create key now" after a settled failed create, valued with the request id only', () => {
    const buttons = createFailedTryAgain(request)
      .blocks?.flatMap((b) => b.elements ?? [])
      .filter((e) => e.type === 'button');
    expect(buttons?.map((b) => [b.action_id, b.value])).toEqual([[ACTION.createKeyNow, request.requestId]]);
  });

  it('offers no button while the sweeper still has to settle the create, nor when the policy refuses', () => {
    expect(json(createFailedCleanupPending(request, 5 * 60_000))).not.toContain('"type":"button"');
    expect(json(createFailedCleanupPending(request, 5 * 60_000))).toContain('5 minutes');
    expect(json(bucketNoLongerAllowed(request))).not.toContain('"type":"button"');
    expect(json(bucketNoLongerAllowed(request))).toContain(request.requestId);
  });
});
