import type { IncomingMessage, Server } from 'node:http';
import { close, listen, readBody, sendJson } from '../http.js';
import { ParameterStore, SsmFault, type StoredParameter } from './ssm-parameter-store.js';

/** GetParameters takes at most this many names (SSM answers more with a ValidationException). */
const MAX_NAMES_PER_GET_PARAMETERS = 10;
/** GetParameterHistory and DescribeParameters answer at most 50 a page. */
const MAX_PAGE = 50;
const ACCOUNT = '123456789012';

// biome-ignore lint/suspicious/noExplicitAny: each operation reads its own fields of the JSON body
type Input = Record<string, any>;

/**
 * SSM Parameter Store on loopback (JSON 1.1, `x-amz-target`), for the real SSM client in tests and
 * `npm start`: GetParameters (the Slack secrets), and for the policy GetParameter (with `name:version`),
 * PutParameter (versions, Overwrite, tiers), GetParameterHistory and DescribeParameters with
 * LastModifiedUser, which is the caller: the ARN `identities` gives its access key id, else an IAM
 * user named after it, as SSM records whoever signed the request. Any other call is an unknown
 * operation.
 */
export class SsmStandIn {
  readonly store: ParameterStore;
  /** SecureStrings by name, for a test's set-up: `set` puts a new version, as an operator would. */
  readonly parameters: SecretSeeds;
  /** Every GetParameters request: the names it asked for and whether decrypted. */
  readonly calls: Array<{ names: string[]; decrypt: boolean }> = [];
  /** Every request, by operation and the parameter it named. */
  readonly requests: Array<{ operation: string; name?: string }> = [];
  /** Who signs with which access key id: the ARN recorded as LastModifiedUser. */
  readonly identities = new Map<string, string>();
  /** While true, every call fails as an outage would (HTTP 500 InternalServerError). */
  outage = false;
  private server: Server | undefined;
  url = '';

  /** `dataFile`: keep the parameters there across runs. */
  constructor(options: { dataFile?: string } = {}) {
    this.store = new ParameterStore(options.dataFile);
    this.parameters = new SecretSeeds(this.store);
  }

  async start(): Promise<string> {
    const { server, url } = await listen(async (req, res) => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.replace(/^AmazonSSM\./, '');
      const input = JSON.parse((await readBody(req)) || '{}') as Input;
      this.requests.push({ operation, ...(typeof input.Name === 'string' ? { name: input.Name } : {}) });
      const fail = (status: number, type: string, message: string) =>
        sendJson(res, status, { __type: type, message }, { 'x-amzn-errortype': type });
      if (this.outage)
        return fail(500, 'InternalServerError', 'An internal error occurred (stand-in outage).');
      try {
        sendJson(res, 200, this.answer(operation, input, this.callerOf(req)));
      } catch (error) {
        if (!(error instanceof SsmFault)) throw error;
        fail(400, error.type, error.message);
      }
    });
    this.server = server;
    this.url = url;
    return url;
  }

  private answer(operation: string, input: Input, caller: string): unknown {
    switch (operation) {
      case 'GetParameters':
        return this.getParameters(input);
      case 'GetParameter': {
        const name = String(input.Name ?? '');
        const found = withArn(shown(this.store.select(name), input.WithDecryption === true));
        // A `name:version` (or `name:label`) read says which selector it answered.
        const selector = name.lastIndexOf(':') > 0 ? name.slice(name.lastIndexOf(':')) : undefined;
        return { Parameter: { ...found, ...(selector ? { Selector: selector } : {}) } };
      }
      case 'PutParameter': {
        const put = this.store.put(input, caller);
        return { Version: put.Version, Tier: put.Tier };
      }
      case 'GetParameterHistory':
        return this.history(input);
      case 'DescribeParameters':
        return this.describe(input);
      default:
        throw new SsmFault('UnknownOperationException', `Unknown AmazonSSM.${operation}`);
    }
  }

  private getParameters(input: Input) {
    const names = Array.isArray(input.Names) ? input.Names.map(String) : [];
    if (names.length < 1 || names.length > MAX_NAMES_PER_GET_PARAMETERS)
      throw new SsmFault(
        'ValidationException',
        `1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length less than or equal to ${MAX_NAMES_PER_GET_PARAMETERS}`,
      );
    const decrypt = input.WithDecryption === true;
    this.calls.push({ names, decrypt });
    const found: unknown[] = [];
    const invalid: string[] = [];
    for (const name of names) {
      try {
        found.push(withArn(shown(this.store.select(name), decrypt)));
      } catch {
        // As SSM does: a name it cannot answer is listed, not an error.
        invalid.push(name);
      }
    }
    return { Parameters: found, InvalidParameters: invalid };
  }

  /** Oldest first, 50 a page at most, each version with its LastModifiedUser and value. */
  private history(input: Input) {
    const name = String(input.Name ?? '');
    const size = pageSize(input.MaxResults);
    const all = this.store.historyOf(name);
    if (all.length === 0) throw new SsmFault('ParameterNotFound', `Parameter ${name} not found.`);
    const start = Number(input.NextToken ?? 0) || 0;
    const page = all.slice(start, start + size).map((p) => shown(p, input.WithDecryption === true));
    return { Parameters: page, ...(start + size < all.length ? { NextToken: String(start + size) } : {}) };
  }

  /** Metadata of the newest versions (no values), filtered by `Name` Equals as the policy's reader uses it. */
  private describe(input: Input) {
    const filters = (Array.isArray(input.ParameterFilters) ? input.ParameterFilters : []) as Array<{
      Key?: string;
      Option?: string;
      Values?: string[];
    }>;
    const byName = filters.find((f) => f.Key === 'Name');
    const names = this.store.names().filter((name) => !byName || (byName.Values ?? []).includes(name));
    const size = pageSize(input.MaxResults);
    const start = Number(input.NextToken ?? 0) || 0;
    const page = names.slice(start, start + size).map((name) => {
      const { Value: _value, Labels: _labels, ...metadata } = this.store.select(name);
      return { ...metadata, ARN: arnOf(name) };
    });
    return { Parameters: page, ...(start + size < names.length ? { NextToken: String(start + size) } : {}) };
  }

  /** The access key id of the request's SigV4 signature, as the identity SSM records. */
  private callerOf(req: IncomingMessage): string {
    const key = /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'anonymous';
    return this.identities.get(key) ?? `arn:aws:iam::${ACCOUNT}:user/${key}`;
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}

function pageSize(given: unknown): number {
  if (given === undefined) return MAX_PAGE;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE)
    throw new SsmFault(
      'ValidationException',
      `1 validation error detected: Value '${String(given)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PAGE}.`,
    );
  return n;
}

/** Without decryption, SSM returns a SecureString's ciphertext, never the value. */
function shown(p: StoredParameter, decrypt: boolean): StoredParameter {
  if (p.Type !== 'SecureString' || decrypt) return p;
  return { ...p, Value: Buffer.from(`encrypted:${p.Name}:${p.Version}`).toString('base64') };
}

const arnOf = (name: string) =>
  `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${name.startsWith('/') ? '' : '/'}${name}`;

/** GetParameter and GetParameters answer with the ARN and without LastModifiedUser or Labels. */
function withArn(p: StoredParameter) {
  const { LastModifiedUser: _user, Labels: _labels, Tier: _tier, Description: _description, ...rest } = p;
  return { ...rest, ARN: arnOf(p.Name) };
}

/** `parameters.set(name, value)`: a SecureString written by the test's own set-up identity. */
class SecretSeeds {
  constructor(private readonly store: ParameterStore) {}

  set(name: string, value: string): this {
    this.store.put(
      { Name: name, Value: value, Type: 'SecureString', Overwrite: true },
      `arn:aws:iam::${ACCOUNT}:user/test-setup`,
    );
    return this;
  }

  get(name: string): string | undefined {
    return this.store.historyOf(name).at(-1)?.Value;
  }

  has(name: string): boolean {
    return this.store.historyOf(name).length > 0;
  }

  delete(name: string): boolean {
    return this.store.delete(name);
  }
}
