import { request as httpRequest, type Server } from 'node:http';
import { close, listen, readBody, sendJson } from '../http.js';

/** DynamoDB's error types as they appear in `__type` (the SDK picks the exception class from it). */
const TYPES = {
  ProvisionedThroughputExceededException:
    'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
  ThrottlingException: 'com.amazon.coral.availability#ThrottlingException',
  ConditionalCheckFailedException: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
  InternalServerError: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
} as const;

export type DynamoFault = keyof typeof TYPES;

interface Rule {
  operation: string;
  fault: DynamoFault;
  remaining: number;
  /** Only requests whose JSON body contains this text (e.g. an attribute name of one write). */
  matching?: string;
}

/**
 * A loopback proxy in front of dynalite that answers chosen calls with DynamoDB's own errors,
 * so that throttling and failed conditions reach the real DynamoDBDocumentClient over the wire.
 */
export class DynamoFaultProxy {
  private readonly rules: Rule[] = [];
  /** Every call that reached the proxy: the operation and the table it named. */
  readonly calls: Array<{ operation: string; table: string }> = [];
  private server: Server | undefined;
  url = '';

  constructor(private readonly target: string) {}

  /** The next `times` calls of `operation` (whose body contains `matching`, if given) fail with `fault`. */
  fail(operation: string, fault: DynamoFault, times = 1, matching?: string): void {
    this.rules.push({ operation, fault, remaining: times, ...(matching ? { matching } : {}) });
  }

  clear(): void {
    this.rules.length = 0;
  }

  async start(): Promise<string> {
    const { server, url } = await listen(async (req, res) => {
      const body = await readBody(req);
      const operation =
        String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      this.calls.push({ operation, table: tableOf(body) });
      const rule = this.rules.find(
        (r) => r.remaining > 0 && r.operation === operation && (!r.matching || body.includes(r.matching)),
      );
      if (rule) {
        rule.remaining--;
        const status = rule.fault === 'InternalServerError' ? 500 : 400;
        return sendJson(
          res,
          status,
          { __type: TYPES[rule.fault], message: `Injected ${rule.fault}` },
          {
            'content-type': 'application/x-amz-json-1.0',
          },
        );
      }
      const upstream = httpRequest(
        `${this.target}${req.url ?? '/'}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () =>
        sendJson(res, 500, { __type: TYPES.InternalServerError, message: 'upstream failed' }),
      );
      upstream.end(body);
    });
    this.server = server;
    this.url = url;
    return url;
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}

/** The table a call names: `TableName`, or the one table of a batch's `RequestItems`. */
function tableOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { TableName?: unknown; RequestItems?: Record<string, unknown> };
    return String(parsed.TableName ?? Object.keys(parsed.RequestItems ?? {})[0] ?? '');
  } catch {
    return '';
  }
}
