import {
  CreateBucketAccessKeyCommand,
  type CreateBucketAccessKeyCommandOutput,
  DeleteBucketAccessKeyCommand,
  GetBucketAccessKeysCommand,
  type GetBucketAccessKeysCommandOutput,
  GetBucketsCommand,
  type GetBucketsCommandOutput,
  LightsailClient,
  type LightsailClientConfig,
  LightsailServiceException,
} from '@aws-sdk/client-lightsail';
import { AccountUnassumableError } from '../../domain/account.js';
import { KeyIssuerError, type KeyIssuerFailure, type KeyIssuerOutcome } from '../../domain/errors.js';
import type { BucketKey, KeyIssuer, NewBucketKey } from '../../ports/key-issuer.js';

const REASONS: Record<string, KeyIssuerFailure> = {
  NotFoundException: 'bucket_not_found',
  InvalidInputException: 'invalid_input',
  AccessDeniedException: 'access_denied',
  UnauthenticatedException: 'unauthenticated',
  ServiceException: 'service_unavailable',
  RegionSetupInProgressException: 'region_setup_in_progress',
  AccountSetupInProgressException: 'region_setup_in_progress',
};

/**
 * `retrying` clients may repeat a call; `once` clients never do. CreateBucketAccessKey goes
 * through `once`: a retried create after a lost answer would mint a second key nobody sees.
 */
export type ClientPurpose = 'retrying' | 'once';

/** What a Lightsail client takes as `credentials`: fixed ones, or a provider the SDK asks as they near expiry. */
export type LightsailCredentials = NonNullable<LightsailClientConfig['credentials']>;

/**
 * Makes the client for a region and purpose; `credentials`, when given, replaces the configured ones
 * (another account's session). A factory that ignores it serves the bot's own account only.
 */
export type LightsailClientFactory = (
  region: string,
  purpose: ClientPurpose,
  credentials?: LightsailCredentials,
) => LightsailClient;

/**
 * KeyIssuer on Lightsail. Clients per region and purpose, created on first use from the injected
 * factory, with the bot's own credentials unless this issuer was made by `withCredentials`.
 */
export class LightsailKeyIssuer implements KeyIssuer {
  private readonly clients = new Map<string, LightsailClient>();

  constructor(
    private readonly clientFor: LightsailClientFactory,
    private readonly credentials?: LightsailCredentials,
  ) {}

  /** The usual factory: real clients, with an endpoint override for the local emulator. */
  static withConfig(config: Omit<LightsailClientConfig, 'region'>): LightsailKeyIssuer {
    return new LightsailKeyIssuer(
      (region, purpose, credentials) =>
        new LightsailClient({
          ...config,
          region,
          ...(credentials ? { credentials } : {}),
          ...(purpose === 'once' ? { maxAttempts: 1 } : {}),
        }),
    );
  }

  /**
   * The same calls made with other credentials, asked of `credentials` whenever a client needs them
   * (the SDK asks again as they near expiry). Its clients are its own: it shares none with this one.
   */
  withCredentials(credentials: LightsailCredentials): LightsailKeyIssuer {
    return new LightsailKeyIssuer(this.clientFor, credentials);
  }

  async listKeys(bucket: string, region: string): Promise<BucketKey[]> {
    const out = await this.call<GetBucketAccessKeysCommandOutput>(
      region,
      new GetBucketAccessKeysCommand({ bucketName: bucket }),
    );
    return (out.accessKeys ?? []).map((key) => ({
      accessKeyId: key.accessKeyId ?? '',
      status: key.status ?? 'Unknown',
      createdAt: key.createdAt ?? new Date(0),
      ...(key.lastUsed?.lastUsedDate ? { lastUsedAt: key.lastUsed.lastUsedDate } : {}),
      ...(key.lastUsed?.region && key.lastUsed.region !== 'N/A'
        ? { lastUsedRegion: key.lastUsed.region }
        : {}),
      ...(key.lastUsed?.serviceName && key.lastUsed.serviceName !== 'N/A'
        ? { lastUsedService: key.lastUsed.serviceName }
        : {}),
    }));
  }

  async listBuckets(region: string): Promise<string[]> {
    const names: string[] = [];
    let pageToken: string | undefined;
    do {
      const page: GetBucketsCommandOutput = await this.call(
        region,
        new GetBucketsCommand(pageToken ? { pageToken } : {}),
      );
      names.push(...(page.buckets ?? []).flatMap((bucket) => (bucket.name ? [bucket.name] : [])));
      pageToken = page.nextPageToken;
    } while (pageToken);
    return names;
  }

  async createKey(bucket: string, region: string): Promise<NewBucketKey> {
    const out = await this.call<CreateBucketAccessKeyCommandOutput>(
      region,
      new CreateBucketAccessKeyCommand({ bucketName: bucket }),
      'once',
    );
    const key = out.accessKey;
    if (!key?.accessKeyId || !key.secretAccessKey) {
      // Lightsail finished, and a key may exist that holds a slot: the caller reconciles it.
      // Nothing of the answer travels on but the key id, so a secret without an id goes nowhere.
      throw new KeyIssuerError(
        'unknown',
        'MalformedResponse',
        `Lightsail answered the create without ${key?.accessKeyId ? 'a secret' : 'an access key id'}`,
        { outcome: 'answered_failure', ...(key?.accessKeyId ? { accessKeyId: key.accessKeyId } : {}) },
      );
    }
    return {
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      createdAt: key.createdAt ?? new Date(),
    };
  }

  async deleteKey(bucket: string, region: string, accessKeyId: string): Promise<void> {
    try {
      await this.call(region, new DeleteBucketAccessKeyCommand({ bucketName: bucket, accessKeyId }));
    } catch (error) {
      // Already gone is what we wanted (a missing bucket holds no keys either).
      if (error instanceof KeyIssuerError && error.reason === 'bucket_not_found') return;
      throw error;
    }
  }

  endpointFor(region: string): string {
    return `https://s3.${region}.amazonaws.com`;
  }

  // biome-ignore lint/suspicious/noExplicitAny: the three commands share send() but not one input type
  private async call<T>(region: string, command: any, purpose: ClientPurpose = 'retrying'): Promise<T> {
    let client = this.clients.get(`${region}/${purpose}`);
    if (!client) {
      client = this.clientFor(region, purpose, this.credentials);
      this.clients.set(`${region}/${purpose}`, client);
    }
    try {
      return (await client.send(command)) as T;
    } catch (error) {
      throw toKeyIssuerError(error);
    }
  }
}

function toKeyIssuerError(error: unknown): KeyIssuerError | AccountUnassumableError {
  // The account's role could not be assumed: nothing reached Lightsail, and the caller refuses the
  // account's requests rather than reporting a Lightsail failure.
  if (error instanceof AccountUnassumableError) return error;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (error instanceof LightsailServiceException) {
    const reason =
      REASONS[error.name] ?? (status !== undefined && status >= 500 ? 'service_unavailable' : 'unknown');
    // The SDK names an answer without a Lightsail error type `Unknown`; its status says more.
    const awsName = error.name === 'Unknown' && status !== undefined ? `HTTP ${status}` : error.name;
    return new KeyIssuerError(reason, awsName, error.message, {
      cause: error,
      outcome: outcomeOfAnswer(error.name, status),
    });
  }
  // Timeouts and connection failures: the call may or may not have reached Lightsail.
  const name = error instanceof Error ? error.name : 'UnknownError';
  const message = error instanceof Error ? error.message : String(error);
  return new KeyIssuerError('service_unavailable', name, message, { cause: error, outcome: 'unknown' });
}

/**
 * An error response is Lightsail's last word on the call: a 4xx refused it, a 5xx or a
 * ServiceException failed it, and either way nothing more will happen. A 504 is the exception: a
 * gateway gave up waiting, so Lightsail may still be working.
 */
function outcomeOfAnswer(name: string, status: number | undefined): KeyIssuerOutcome {
  if (status === 504) return 'unknown';
  if (name === 'ServiceException' || (status !== undefined && status >= 500)) return 'answered_failure';
  return 'refused';
}
