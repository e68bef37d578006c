import type { AccessRequest } from '../../src/domain/access-request.js';
import { requestIdFor } from '../../src/domain/request-id.js';
import { FAKE_REGION, type FakeDependencies } from './fakes.js';

export const REQUESTER = 'UREQUESTER1';
export const BUCKET = 'media-bucket';
export const RESPONSE_URL = 'https://hooks.slack.test/commands/T1/1/abc';

const HOUR = 3_600_000;

/** A request record as the store would hold it in `state`, timed against the fake clock. */
export function requestIn(
  deps: FakeDependencies,
  state: AccessRequest['state'],
  overrides: Partial<AccessRequest> = {},
): AccessRequest {
  const now = deps.clock.now().getTime();
  const seq = overrides.seq ?? 1;
  const requesterId = overrides.requesterId ?? REQUESTER;
  const bucket = overrides.bucket ?? BUCKET;
  const base: AccessRequest = {
    requestId: requestIdFor(requesterId, bucket, seq),
    seq,
    requesterId,
    bucket,
    region: FAKE_REGION,
    reason: 'deploy the media service',
    state,
    createdAt: new Date(now - HOUR).toISOString(),
  };
  const iso = (ms: number) => new Date(now + ms).toISOString();
  const byState: Partial<AccessRequest> =
    state === 'PENDING'
      ? { dueAt: iso(23 * HOUR) }
      : state === 'APPROVED'
        ? {
            decidedBy: 'UAPPROVER1',
            decidedAt: iso(-HOUR / 2),
            approvalExpiresAt: iso(23 * HOUR),
            dueAt: iso(23 * HOUR),
          }
        : state === 'ISSUING'
          ? {
              decidedBy: 'UAPPROVER1',
              approvalExpiresAt: iso(23 * HOUR),
              claimToken: 'claim-token-1',
              claimedAt: iso(-60_000),
              dueAt: iso(4 * 60_000),
            }
          : state === 'ISSUED'
            ? {
                decidedBy: 'UAPPROVER1',
                approvalExpiresAt: iso(23 * HOUR),
                accessKeyId: 'AKIAISSUED0000000001',
                issuedAt: iso(-HOUR / 4),
              }
            : {};
  return { ...base, ...byState, ...overrides };
}

/** Seeds the request into the fake store and returns it. */
export function seeded(
  deps: FakeDependencies,
  state: AccessRequest['state'],
  overrides: Partial<AccessRequest> = {},
): AccessRequest {
  const request = requestIn(deps, state, overrides);
  deps.requests.seed(request);
  return request;
}
