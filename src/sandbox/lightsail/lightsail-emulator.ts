import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { close, listen, readBody, sendJson, sleep } from '../http.js';
import {
  type EmulatedBucket,
  type EmulatedKey,
  HOME_ACCOUNT_ID,
  LightsailFault,
  LightsailState,
  operationFor,
} from './lightsail-state.js';

const TARGET_PREFIX = 'Lightsail_20161128.';
/** HTTP status per exception, from the Lightsail service model. */
const STATUS: Record<string, number> = {
  AccessDeniedException: 403,
  AccountSetupInProgressException: 428,
  InvalidInputException: 400,
  NotFoundException: 404,
  OperationFailureException: 400,
  RegionSetupInProgressException: 428,
  ServiceException: 500,
  UnauthenticatedException: 401,
  UnknownOperationException: 400,
  MissingAuthenticationTokenException: 403,
  UnrecognizedClientException: 400,
};

/**
 * The account a signed call acts in, from its access key id (and session token, when it has one),
 * as IAM decides it for real Lightsail. Undefined: a key no account owns.
 */
export type AccountOfKey = (
  accessKeyId: string,
  sessionToken: string | undefined,
) => string | undefined | Promise<string | undefined>;

const STATUS_TEXT = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
} as const;

export type Fault =
  | { exception: string; message?: string }
  /** A bare 5xx with no Lightsail error type, as a failing front end or gateway answers. */
  | { status: 500 | 502 | 503 | 504 }
  | { delayMs: number }
  /** CreateBucketAccessKey really makes the key, then answers 200 with this field missing. */
  | { answerWithout: 'secretAccessKey' | 'accessKeyId' };

/**
 * The Lightsail JSON 1.1 protocol on loopback, for the real LightsailClient:
 * `POST /`, `x-amz-target: Lightsail_20161128.<Operation>`. Faults can be queued per operation.
 * Each account has its own buckets and keys; a call acts in the account its credentials belong to
 * (`accountOf`; without it, every caller is in the home account).
 */
export class LightsailEmulator {
  /** The home account's state (HOME_ACCOUNT_ID), where every call lands unless `accountOf` says otherwise. */
  readonly state: LightsailState;
  readonly calls: Array<{
    operation: string;
    region: string;
    account: string;
    input: Record<string, unknown>;
  }> = [];
  /** Every secret handed out, so hygiene tests can search everything else for them. */
  readonly issuedSecrets: string[] = [];
  private readonly faults = new Map<string, Fault[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private server: Server | undefined;
  private readonly accounts = new Map<string, LightsailState>();
  private readonly accountByKey = new Map<string, string | undefined>();
  url = '';

  constructor(private readonly options: { pageSize?: number; accountOf?: AccountOfKey } = {}) {
    this.state = this.account(HOME_ACCOUNT_ID);
  }

  /** The state of one account, made empty on first use. */
  account(id: string): LightsailState {
    let state = this.accounts.get(id);
    if (!state) {
      state = new LightsailState(id);
      this.accounts.set(id, state);
    }
    return state;
  }

  /** Every account that has state, home first. */
  accountIds(): string[] {
    return [...this.accounts.keys()];
  }

  async start(port = 0): Promise<string> {
    const { server, url } = await listen((req, res) => {
      const handled = this.handle(req, res).finally(() => this.inFlight.delete(handled));
      this.inFlight.add(handled);
      return handled;
    }, port);
    this.server = server;
    this.url = url;
    return url;
  }

  stop(): Promise<void> {
    return close(this.server);
  }

  /** The next call to `operation` fails (or is slowed) as described; faults queue up in order. */
  failNext(operation: string, fault: Fault): void {
    this.faults.set(operation, [...(this.faults.get(operation) ?? []), fault]);
  }

  /** Resolves once every call in progress is done, including slow ones whose client gave up. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Forgets every queued fault. */
  clearFaults(): void {
    this.faults.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    try {
      if (
        req.method !== 'POST' ||
        !String(req.headers['content-type']).startsWith('application/x-amz-json-1.1')
      ) {
        throw new LightsailFault(
          'UnknownOperationException',
          'Expected POST with application/x-amz-json-1.1',
        );
      }
      const { region, accessKeyId } = signatureOf(req);
      const account = await this.accountFor(accessKeyId, req.headers['x-amz-security-token']);
      const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      this.calls.push({ operation, region, account: account.accountId, input });
      const fault = this.faults.get(operation)?.shift();
      if (fault && 'delayMs' in fault) await sleep(fault.delayMs);
      if (fault && 'status' in fault)
        return void sendJson(
          res,
          fault.status,
          { message: STATUS_TEXT[fault.status] },
          { 'x-amzn-requestid': requestId },
        );
      if (fault && 'exception' in fault)
        throw new LightsailFault(fault.exception, fault.message ?? `Injected ${fault.exception}`);
      const without = fault && 'answerWithout' in fault ? fault.answerWithout : undefined;
      sendJson(res, 200, this.run(account, operation, input, region, without), {
        'x-amzn-requestid': requestId,
      });
    } catch (error) {
      const fault =
        error instanceof LightsailFault ? error : new LightsailFault('ServiceException', 'Internal error');
      sendJson(
        res,
        STATUS[fault.type] ?? 400,
        {
          __type: fault.type,
          code: fault.code,
          docs: 'https://lightsail.aws.amazon.com/ls/docs',
          message: fault.message,
          tip: '',
        },
        { 'x-amzn-errortype': fault.type, 'x-amzn-requestid': requestId },
      );
    }
  }

  /** The account of the key that signed the call, asked once per key (IAM's answer does not change). */
  private async accountFor(
    accessKeyId: string,
    token: string | string[] | undefined,
  ): Promise<LightsailState> {
    if (!this.options.accountOf) return this.state;
    if (!this.accountByKey.has(accessKeyId)) {
      const sessionToken = typeof token === 'string' ? token : undefined;
      this.accountByKey.set(accessKeyId, await this.options.accountOf(accessKeyId, sessionToken));
    }
    const id = this.accountByKey.get(accessKeyId);
    if (id === undefined)
      throw new LightsailFault(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    return this.account(id);
  }

  private run(
    state: LightsailState,
    operation: string,
    input: Record<string, unknown>,
    region: string,
    without?: 'secretAccessKey' | 'accessKeyId',
  ): unknown {
    switch (operation) {
      case 'GetBucketAccessKeys':
        return { accessKeys: state.bucket(input.bucketName, region).keys.map(keyView) };
      case 'CreateBucketAccessKey': {
        const { key, bucket, secretAccessKey } = state.createKey(input.bucketName, region);
        // Lightsail's AccessKeyLastUsed "does not include data in the response of a CreateBucketAccessKey action".
        const { lastUsed: _none, ...view } = keyView(key);
        const accessKey: Record<string, unknown> = { ...view, secretAccessKey };
        if (without) delete accessKey[without];
        if (accessKey.secretAccessKey) this.issuedSecrets.push(secretAccessKey);
        return {
          accessKey,
          operations: [operationFor('CreateBucketAccessKey', bucket, key.accessKeyId)],
        };
      }
      case 'DeleteBucketAccessKey': {
        const { key, bucket } = state.deleteKey(input.bucketName, input.accessKeyId, region);
        return { operations: [operationFor('DeleteBucketAccessKey', bucket, key.accessKeyId)] };
      }
      case 'GetBuckets':
        return this.getBuckets(state, input, region);
      default:
        throw new LightsailFault('UnknownOperationException', `Unknown operation ${operation || '(none)'}`);
    }
  }

  private getBuckets(state: LightsailState, input: Record<string, unknown>, region: string) {
    const view = (bucket: EmulatedBucket) => bucketView(bucket, state.accountId);
    if (input.bucketName !== undefined) return { buckets: [view(state.bucket(input.bucketName, region))] };
    const all = [...state.buckets.values()].filter((bucket) => bucket.region === region);
    const start = input.pageToken === undefined ? 0 : Number.parseInt(String(input.pageToken), 10);
    if (!Number.isInteger(start) || start < 0 || start > all.length) {
      throw new LightsailFault('InvalidInputException', 'The page token is invalid.');
    }
    const size = this.options.pageSize ?? 20;
    const page = all.slice(start, start + size);
    return {
      buckets: page.map(view),
      ...(start + size < all.length ? { nextPageToken: String(start + size) } : {}),
    };
  }
}

/** The key and region the client signed with (SigV4 credential scope); unsigned requests are refused. */
function signatureOf(req: IncomingMessage): { accessKeyId: string; region: string } {
  const auth = String(req.headers.authorization ?? '');
  const scope = /Credential=([^/]+)\/\d{8}\/([a-z0-9-]+)\/lightsail\/aws4_request/.exec(auth);
  if (!scope?.[1] || !scope[2])
    throw new LightsailFault('MissingAuthenticationTokenException', 'Missing Authentication Token');
  return { accessKeyId: scope[1], region: scope[2] };
}

/**
 * A key as GetBucketAccessKeys reports it. `lastUsed` per Lightsail's AccessKeyLastUsed: for a key
 * never used, `lastUsedDate` is null and `region` and `serviceName` read `N/A`.
 */
function keyView(key: EmulatedKey) {
  return {
    accessKeyId: key.accessKeyId,
    status: key.status,
    createdAt: key.createdAt.getTime() / 1000,
    lastUsed: {
      lastUsedDate: key.lastUsedDate ? key.lastUsedDate.getTime() / 1000 : null,
      region: key.lastUsedRegion ?? 'N/A',
      serviceName: key.lastUsedService ?? 'N/A',
    },
  };
}

function bucketView(bucket: EmulatedBucket, accountId: string) {
  return {
    resourceType: 'Bucket',
    arn: `arn:aws:lightsail:${bucket.region}:${accountId}:Bucket/${bucket.name}`,
    name: bucket.name,
    bundleId: 'small_1_0',
    createdAt: bucket.createdAt.getTime() / 1000,
    url: `https://${bucket.name}.s3.${bucket.region}.amazonaws.com/`,
    location: { availabilityZone: 'all', regionName: bucket.region },
    supportCode: `${accountId}/${bucket.name}`,
    tags: [],
    objectVersioning: 'Disabled',
    ableToUpdateBundle: true,
    state: { code: 'OK' },
    accessRules: { getObject: 'private', allowPublicOverrides: false },
  };
}
