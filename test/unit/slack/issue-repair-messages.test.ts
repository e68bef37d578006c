import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../../src/domain/access-request.js';
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

describe('messages about repaired issues', () => {
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
    const causes = ['interrupted_issue', 'timed_out_create'] as const;
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
});
