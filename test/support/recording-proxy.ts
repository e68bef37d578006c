import { request as httpRequest, type Server } from 'node:http';
import { close, listen, readBody } from '../../src/sandbox/http.js';

/** One request as it crossed the wire: what the real SDK client sent, before any server read it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A loopback proxy that records every request and passes it on unchanged, so a test can read what
 * a client really sent (moto keeps no record of some parameters, SourceIdentity among them). It can
 * also answer the next request itself with a given status, as a failing front end would.
 */
export class RecordingProxy {
  readonly requests: RecordedRequest[] = [];
  private readonly failures: Array<{ status: number; body: string }> = [];
  private server: Server | undefined;
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    const { server, url } = await listen(async (req, res) => {
      const body = await readBody(req);
      this.requests.push({ method: req.method ?? '', path: req.url ?? '/', headers: req.headers, body });
      const failure = this.failures.shift();
      if (failure) {
        res.writeHead(failure.status, { 'content-type': 'text/xml' });
        return void res.end(failure.body);
      }
      const upstream = httpRequest(
        `${this.target}${req.url ?? '/'}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
    this.server = server;
    this.url = url;
    return url;
  }

  /** The next request is answered with this status and body instead of reaching the target. */
  failNext(status: number, body = ''): void {
    this.failures.push({ status, body });
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}
