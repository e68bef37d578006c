/** What a requester asked for, from which the worker's invoke payload is built. */
export interface WorkerRequest {
  userId: string;
  bucket: string;
  reason: string;
  responseUrl: string;
  /** Slack's signing secret, for a payload that carries the signed Slack request itself. */
  signingSecret: string;
}

/**
 * The payload the `http` function hands the `worker` (async Invoke) for `/bucket-key create`.
 * The one place the benchmark builds it: today the job JSON `http` sends; should the payload
 * become the signed Slack request, only this function changes.
 */
export function workerInvokePayload(request: WorkerRequest): unknown {
  return {
    kind: 'create',
    userId: request.userId,
    bucket: request.bucket,
    reason: request.reason,
    responseUrl: request.responseUrl,
  };
}
