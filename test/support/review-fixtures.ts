import type { AccessRequest } from '../../src/domain/access-request.js';
import type { Grant } from '../../src/domain/grant.js';
import { requestIdFor } from '../../src/domain/request-id.js';
import { FAKE_REGION, type FakeDependencies } from './fakes.js';

const DAY = 86_400_000;

export interface LiveKey {
  request: AccessRequest;
  grant: Grant;
  accessKeyId: string;
}

/**
 * A key the bot issued and still looks after: its ISSUED request, its ACTIVE grant (approved by
 * `approvers`, ending in 30 days unless told), and the key on the bucket in the fake Lightsail (which the test
 * has added with `deps.keys.addBucket`).
 */
export function liveKey(
  deps: FakeDependencies,
  options: {
    holder: string;
    accessKeyId: string;
    bucket?: string;
    seq?: number;
    reason?: string;
    approvers?: string[];
    issuedDaysAgo?: number;
    expiresInDays?: number;
    lastUsed?: { at: Date; region: string; service: string };
  },
): LiveKey {
  const bucket = options.bucket ?? 'media-bucket';
  const now = deps.clock.now().getTime();
  const issuedAt = new Date(now - (options.issuedDaysAgo ?? 10) * DAY).toISOString();
  const requestId = requestIdFor(options.holder, bucket, options.seq ?? 1);
  const approvers = options.approvers ?? ['UAPPROVER1'];
  const request: AccessRequest = {
    requestId,
    seq: options.seq ?? 1,
    requesterId: options.holder,
    bucket,
    region: FAKE_REGION,
    reason: options.reason ?? 'nightly backups',
    state: 'ISSUED',
    createdAt: issuedAt,
    decidedBy: approvers.at(-1) ?? options.holder,
    decidedAt: issuedAt,
    accessKeyId: options.accessKeyId,
    issuedAt,
    grantId: requestId,
  };
  const grant: Grant = {
    grantId: requestId,
    holderId: options.holder,
    bucket,
    region: FAKE_REGION,
    approvers,
    approvedAt: issuedAt,
    expiresAt: new Date(now + (options.expiresInDays ?? 30) * DAY).toISOString(),
    state: 'ACTIVE',
    requestIds: [requestId],
  };
  deps.requests.seed(request);
  deps.grants.seed(grant);
  deps.keys.addKey(bucket, {
    accessKeyId: options.accessKeyId,
    ...(options.lastUsed
      ? {
          lastUsedAt: options.lastUsed.at,
          lastUsedRegion: options.lastUsed.region,
          lastUsedService: options.lastUsed.service,
        }
      : {}),
  });
  return { request, grant, accessKeyId: options.accessKeyId };
}
