import { describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../../src/domain/access-request.js';
import { blockKitBreaches } from '../../../src/sandbox/slack/block-kit-limits.js';
import { presentCancel, presentStatus } from '../../../src/slack/presenter/request-presenters.js';

const request = (seq: number): AccessRequest => ({
  requestId: `REQ-AAAAAAAA-${seq}`,
  seq,
  requesterId: 'UREQUESTER',
  bucket: `a${'b'.repeat(61)}c`,
  region: 'ap-southeast-2',
  reason: 'x'.repeat(300),
  state: 'PENDING',
  createdAt: '2026-11-01T10:00:00.000Z',
});

describe('the request presenters: status and Cancel request', () => {
  it('renders a status of the most requests it reads within Block Kit limits, in place of the ack', () => {
    const shown = presentStatus({
      kind: 'own_requests',
      requests: Array.from({ length: 21 }, (_, i) => request(i + 1)),
    });
    expect(shown.deliveries).toHaveLength(1);
    expect(shown.deliveries[0]).toMatchObject({ to: 'origin', replaceOriginal: true });
    expect(blockKitBreaches(shown.deliveries[0]?.message.blocks, 'message')).toEqual([]);
  });

  it.each([
    { kind: 'request_cancelled' as const, request: request(1) },
    { kind: 'cancel_refused' as const, requestId: 'REQ-AAAAAAAA-1' },
  ])('answers $kind in the DM, replacing nothing, and redraws App Home', (outcome) => {
    const shown = presentCancel(outcome);
    expect(shown.refreshHome).toBe(true);
    expect(shown.deliveries.map((d) => [d.to, d.replaceOriginal])).toEqual([['origin', undefined]]);
    expect(blockKitBreaches(shown.deliveries[0]?.message.blocks, 'message')).toEqual([]);
  });
});
