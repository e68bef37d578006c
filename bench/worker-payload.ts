import { signedHeaders, slashCommandBody } from '../src/sandbox/slack/signed-request.js';

/** What a requester asked for, from which the worker's invoke payload is built. */
export interface WorkerRequest {
  userId: string;
  bucket: string;
  reason: string;
  responseUrl: string;
  /** Slack's signing secret: the payload carries the signed Slack request itself. */
  signingSecret: string;
}

/**
 * The payload the `http` function hands the `worker` (async Invoke) for `/bucket-key create`: Slack's
 * signed request as it arrived, which the worker verifies before it derives the job from it.
 */
export function workerInvokePayload(request: WorkerRequest): unknown {
  const body = slashCommandBody({
    text: `create ${request.bucket} ${request.reason}`,
    userId: request.userId,
    channelId: `D${request.userId.slice(1)}`,
    responseUrl: request.responseUrl,
  });
  const headers = signedHeaders(request.signingSecret, body);
  return {
    slackRequest: {
      body,
      signature: headers['x-slack-signature'],
      timestamp: headers['x-slack-request-timestamp'],
      contentType: headers['content-type'],
    },
  };
}
