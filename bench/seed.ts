import type { AccessRequest } from '../src/domain/access-request.js';
import { requestIdFor } from '../src/domain/request-id.js';
import type { ServiceDependencies } from '../src/services/dependencies.js';

/** Records an approval as if an approver had just approved it, through the store itself. */
export async function seedApproval(
  deps: ServiceDependencies,
  requesterId: string,
  bucket: string,
): Promise<void> {
  const now = deps.clock.now();
  const approvalExpiresAt = new Date(now.getTime() + 3_600_000).toISOString();
  const request: AccessRequest = {
    requestId: requestIdFor(requesterId, bucket, 1),
    seq: 1,
    requesterId,
    bucket,
    region: 'us-east-1',
    reason: 'benchmark',
    state: 'APPROVED',
    createdAt: now.toISOString(),
    decidedBy: 'UAPPROVER1',
    decidedAt: now.toISOString(),
    approvalExpiresAt,
    dueAt: approvalExpiresAt,
  };
  await deps.requests.create(request);
}
