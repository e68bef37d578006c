import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FetchFunction } from '@slack/web-api';

type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/**
 * WebClient's transport (its `fetch` option) over node:http and node:https, which the AWS SDK's
 * clients load anyway. Node's own fetch is undici, loaded and compiled on a process's first request:
 * about 90 ms of CPU, several times that at a small Lambda's CPU share, before the first Slack call of
 * a cold worker. Text bodies (every Web API call and response_url post) go here; a FormData body (a
 * file upload's content) goes to fetch. Redirects are never followed: a 3xx is answered as it came.
 */
export const nodeHttpFetch: FetchFunction = (url, init = {}) => {
  const { body } = init;
  if (body !== undefined && typeof body !== 'string') return fetch(url, init);
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<FetchResponse>((resolve, reject) => {
    const req = send(
      target,
      {
        method: init.method ?? 'GET',
        headers: init.headers ?? {},
        ...(init.signal ? { signal: init.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve(responseOf(target.href, res, Buffer.concat(chunks))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
};

/** The parts of a fetch Response that WebClient and SlackMessenger read, over a body already read. */
function responseOf(url: string, res: IncomingMessage, body: Buffer): FetchResponse {
  const status = res.statusCode ?? 0;
  const headers = new Map(
    Object.entries(res.headers).flatMap(([name, value]) =>
      value === undefined
        ? []
        : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]],
    ),
  );
  const text = () => Promise.resolve(body.toString('utf8'));
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: res.statusMessage ?? '',
    url,
    headers: { get: (name) => headers.get(name.toLowerCase()) ?? null, entries: () => headers.entries() },
    text,
    json: async () => JSON.parse(await text()),
    arrayBuffer: () =>
      Promise.resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer),
  };
}
