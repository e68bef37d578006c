import type { AccessRequest } from '../../domain/access-request.js';
import { BucketKeyError, RequestConflictError } from '../../domain/errors.js';
import type { ServiceDependencies } from '../dependencies.js';

/** A taken number is looked at again this often before the request is given up. */
const MAX_ATTEMPTS = 5;

/** Every sequence number tried was taken: the person's requests kept changing under us. */
export class RequestAllocationError extends BucketKeyError {
  constructor(requesterId: string, bucket: string) {
    super('request_allocation', `could not allocate a request id for ${requesterId} on ${bucket}`);
  }
}

/** What a taken number means: try the number after `after`, or stop with this answer. */
export type WhenTaken<A> = { retryAfter: AccessRequest | undefined } | { answer: A };

/**
 * Creates a person's next request with one conditional put at the sequence number after `latest`.
 * The id is deterministic, so a concurrent create of the same person for the same bucket takes the
 * same number and one put wins: `whenTaken` decides what the request that won means (a request under
 * way is answered; one that is over leaves the next number free).
 */
export async function allocateRequest<A>(
  deps: ServiceDependencies,
  latest: AccessRequest | undefined,
  build: (seq: number, now: Date) => AccessRequest,
  whenTaken: (taken: AccessRequest | undefined) => Promise<WhenTaken<A>>,
): Promise<{ created: AccessRequest } | { answer: A }> {
  let after = latest;
  let takenSeq = 0;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const seq = Math.max(after?.seq ?? 0, takenSeq) + 1;
    const request = build(seq, deps.clock.now());
    try {
      await deps.requests.create(request);
      return { created: request };
    } catch (error) {
      if (!(error instanceof RequestConflictError)) throw error;
      takenSeq = seq;
      const next = await whenTaken(error.current);
      if ('answer' in next) return next;
      after = next.retryAfter;
    }
  }
  const first = build(1, deps.clock.now());
  throw new RequestAllocationError(first.requesterId, first.bucket);
}
