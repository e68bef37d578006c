import type { Server } from 'node:http';
import { close, listen, readBody, sendJson } from '../http.js';

/**
 * Lambda's Invoke API on loopback (`POST /2015-03-31/functions/{name}/invocations`). Event
 * invocations are accepted with 202 and recorded, so tests can run the worker on them.
 */
export class LambdaInvokeStandIn {
  readonly invocations: Array<{ functionName: string; type: string; payload: unknown }> = [];
  /**
   * Called with each Event invocation once its 202 has been sent, as Lambda queues the event and
   * then runs the function (the benchmark starts the worker bundle here).
   */
  onEvent: ((functionName: string, payload: unknown) => void) | undefined;
  private server: Server | undefined;
  url = '';

  constructor(private readonly functions: readonly string[]) {}

  async start(): Promise<string> {
    const { server, url } = await listen(async (req, res) => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(
        new URL(req.url ?? '/', 'http://x').pathname,
      );
      const body = await readBody(req);
      const name = decodeURIComponent(match?.[1] ?? '');
      if (!match || req.method !== 'POST') return sendJson(res, 404, { message: 'Not found' });
      if (!this.functions.includes(name)) {
        return sendJson(
          res,
          404,
          { Type: 'User', message: `Function not found: ${name}` },
          {
            'x-amzn-errortype': 'ResourceNotFoundException',
          },
        );
      }
      const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      const payload = JSON.parse(body || 'null');
      this.invocations.push({ functionName: name, type, payload });
      res.writeHead(type === 'Event' ? 202 : 200, { 'x-amz-executed-version': '$LATEST' });
      res.end(type === 'Event' ? '' : 'null');
      if (type === 'Event') this.onEvent?.(name, payload);
    });
    this.server = server;
    this.url = url;
    return url;
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}
