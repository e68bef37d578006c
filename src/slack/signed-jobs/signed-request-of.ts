import type { SignedSlackRequest } from '../../ports/job-queue.js';

type Headers = Record<string, string | string[] | undefined>;

/** Slack's request as it arrived at API Gateway (HTTP API, payload 2.0): the body as Slack signed it. */
export function signedRequestOfApiGatewayEvent(event: {
  body?: string | null;
  isBase64Encoded?: boolean;
  headers?: Headers;
}): SignedSlackRequest {
  const raw = event.body ?? '';
  return signedRequest(
    event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw,
    event.headers ?? {},
  );
}

/** Slack's request as Bolt's HTTPReceiver buffered it (`rawBody`, before parsing). */
export function signedRequestOfHttpRequest(request: {
  rawBody?: Buffer;
  headers: Headers;
}): SignedSlackRequest {
  return signedRequest(request.rawBody?.toString('utf8') ?? '', request.headers);
}

function signedRequest(body: string, headers: Headers): SignedSlackRequest {
  return {
    body,
    signature: header(headers, 'x-slack-signature'),
    timestamp: header(headers, 'x-slack-request-timestamp'),
    contentType: header(headers, 'content-type'),
  };
}

function header(headers: Headers, name: string): string {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return (Array.isArray(entry) ? entry[0] : entry) ?? '';
}
