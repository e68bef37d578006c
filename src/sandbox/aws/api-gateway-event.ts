/**
 * An API Gateway HTTP API (payload format 2.0) event for `POST /slack/events`, as Lambda
 * receives it: lower-case headers, and the body base64-encoded when `base64` is set.
 */
export function apiGatewayV2Event(
  body: string,
  headers: Record<string, string>,
  options: { base64?: boolean } = {},
) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers: { host: 'abc123.execute-api.us-east-1.amazonaws.com', 'user-agent': 'Slackbot 1.0', ...lower },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      http: {
        method: 'POST',
        path: '/slack/events',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'Slackbot 1.0',
      },
      requestId: `req-${Date.now()}`,
      routeKey: 'POST /slack/events',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    body: options.base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: options.base64 === true,
  };
}
