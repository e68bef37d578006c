import {
  CreateBucketAccessKeyCommand,
  DeleteBucketAccessKeyCommand,
  GetBucketAccessKeysCommand,
  GetBucketsCommand,
  InvalidInputException,
  LightsailClient,
  NotFoundException,
  ServiceException,
} from '@aws-sdk/client-lightsail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LightsailKeyIssuer } from '../../../src/adapters/lightsail/lightsail-key-issuer.js';
import { LightsailEmulator } from '../../../src/sandbox/lightsail/lightsail-emulator.js';

describe('Lightsail emulator, through the real LightsailClient', () => {
  const emulator = new LightsailEmulator({ pageSize: 2 });
  let client: LightsailClient;

  beforeAll(async () => {
    await emulator.start();
    client = new LightsailClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    for (const name of ['alpha-bucket', 'beta-bucket', 'gamma-bucket']) emulator.state.addBucket(name);
    emulator.state.addBucket('elsewhere-bucket', 'eu-west-1');
  });
  afterAll(() => emulator.stop());

  it('raises NotFoundException for an unknown bucket', async () => {
    const error = await client
      .send(new GetBucketAccessKeysCommand({ bucketName: 'no-such-bucket' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundException);
    expect((error as NotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  it('raises InvalidInputException for a name outside Lightsail’s pattern', async () => {
    for (const bucketName of ['Upper-Case', 'a', '-leading-dash', `${'x'.repeat(55)}`]) {
      const error = await client
        .send(new GetBucketAccessKeysCommand({ bucketName }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputException);
    }
  });

  it('treats a bucket in another region as not found', async () => {
    const error = await client
      .send(new GetBucketAccessKeysCommand({ bucketName: 'elsewhere-bucket' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundException);
  });

  it('returns the secret once, on create, and never again; two keys at most', async () => {
    const first = await client.send(new CreateBucketAccessKeyCommand({ bucketName: 'alpha-bucket' }));
    expect(first.accessKey?.accessKeyId).toMatch(/^[A-Z0-9]{20}$/);
    expect(first.accessKey?.secretAccessKey).toMatch(/^[A-Za-z0-9+/=]{40}$/);
    expect(first.accessKey?.createdAt).toBeInstanceOf(Date);
    expect(first.operations?.[0]).toMatchObject({
      resourceName: 'alpha-bucket',
      resourceType: 'Bucket',
      operationType: 'CreateBucketAccessKey',
      status: 'Succeeded',
      isTerminal: true,
      location: { regionName: 'us-east-1' },
    });
    await client.send(new CreateBucketAccessKeyCommand({ bucketName: 'alpha-bucket' }));
    const third = await client
      .send(new CreateBucketAccessKeyCommand({ bucketName: 'alpha-bucket' }))
      .catch((e: unknown) => e);
    expect(third).toBeInstanceOf(InvalidInputException);

    const listed = await client.send(new GetBucketAccessKeysCommand({ bucketName: 'alpha-bucket' }));
    expect(listed.accessKeys).toHaveLength(2);
    for (const key of listed.accessKeys ?? []) {
      expect(key.secretAccessKey).toBeUndefined();
      expect(key.lastUsed).toEqual({ lastUsedDate: undefined, region: 'N/A', serviceName: 'N/A' });
    }
  });

  it('answers a create without lastUsed, as Lightsail does, and lists a new key as never used', async () => {
    emulator.state.addBucket('fresh-bucket');
    const created = await client.send(new CreateBucketAccessKeyCommand({ bucketName: 'fresh-bucket' }));
    const issuer = new LightsailKeyIssuer(() => client);

    const [listed] = await issuer.listKeys('fresh-bucket', 'us-east-1');

    expect(created.accessKey?.lastUsed).toBeUndefined();
    // The port: no date, and Lightsail's `N/A` region and service read as absent.
    expect(listed).toEqual({
      accessKeyId: created.accessKey?.accessKeyId,
      status: 'Active',
      createdAt: created.accessKey?.createdAt,
    });
    emulator.state.buckets.delete('fresh-bucket');
  });

  it('surfaces lastUsed through the KeyIssuer port: date, region and service', async () => {
    emulator.state.addBucket('used-port-bucket', 'eu-west-1');
    const key = emulator.state.addKey('used-port-bucket');
    emulator.state.markUsed(key.accessKeyId, { at: new Date('2030-03-04T05:06:07Z'), service: 's3' });
    const issuer = new LightsailKeyIssuer(
      (region) =>
        new LightsailClient({
          region,
          endpoint: emulator.url,
          credentials: { accessKeyId: 't', secretAccessKey: 't' },
        }),
    );

    const [listed] = await issuer.listKeys('used-port-bucket', 'eu-west-1');

    expect(listed).toMatchObject({
      accessKeyId: key.accessKeyId,
      lastUsedAt: new Date('2030-03-04T05:06:07Z'),
      lastUsedRegion: 'eu-west-1',
      lastUsedService: 's3',
    });
    emulator.state.buckets.delete('used-port-bucket');
  });

  it('reports lastUsed (date, region, service) once a test marks a key used; the newest use wins', async () => {
    emulator.state.addBucket('used-bucket');
    const created = await client.send(new CreateBucketAccessKeyCommand({ bucketName: 'used-bucket' }));
    const accessKeyId = created.accessKey?.accessKeyId ?? '';
    emulator.state.markUsed(accessKeyId, { at: new Date('2030-01-02T03:04:05Z'), region: 'eu-west-1' });
    emulator.state.markUsed(accessKeyId, { at: new Date('2030-02-01T00:00:00Z'), service: 's3' });

    const listed = await client.send(new GetBucketAccessKeysCommand({ bucketName: 'used-bucket' }));
    expect(listed.accessKeys?.[0]?.lastUsed).toEqual({
      lastUsedDate: new Date('2030-02-01T00:00:00Z'),
      region: 'us-east-1',
      serviceName: 's3',
    });
    expect(() => emulator.state.markUsed('AKIANOSUCHKEY0000000', { at: new Date() })).toThrow(/no key/);
    emulator.state.buckets.delete('used-bucket');
  });

  it('deletes a key, and reports a missing key as NotFoundException', async () => {
    const created = await client.send(new CreateBucketAccessKeyCommand({ bucketName: 'beta-bucket' }));
    const accessKeyId = created.accessKey?.accessKeyId ?? '';
    const deleted = await client.send(
      new DeleteBucketAccessKeyCommand({ bucketName: 'beta-bucket', accessKeyId }),
    );
    expect(deleted.operations?.[0]?.operationType).toBe('DeleteBucketAccessKey');
    const again = await client
      .send(new DeleteBucketAccessKeyCommand({ bucketName: 'beta-bucket', accessKeyId }))
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(NotFoundException);
  });

  it('pages GetBuckets with pageToken and nextPageToken', async () => {
    const names: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new GetBucketsCommand(pageToken ? { pageToken } : {}));
      names.push(...(page.buckets ?? []).map((b) => b.name ?? ''));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    expect(names).toEqual(['alpha-bucket', 'beta-bucket', 'gamma-bucket']);
    expect(pages).toBe(2);
  });

  it('injects faults: an exception, an HTTP 500 and a slow answer past the client timeout', async () => {
    emulator.failNext('GetBucketAccessKeys', { exception: 'ServiceException' });
    await expect(
      client.send(new GetBucketAccessKeysCommand({ bucketName: 'gamma-bucket' })),
    ).rejects.toBeInstanceOf(ServiceException);

    emulator.failNext('GetBucketAccessKeys', { status: 500 });
    const raw = await client
      .send(new GetBucketAccessKeysCommand({ bucketName: 'gamma-bucket' }))
      .catch((e: unknown) => e);
    expect((raw as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(500);

    emulator.failNext('GetBucketAccessKeys', { delayMs: 500 });
    const impatient = new LightsailClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
      requestHandler: { requestTimeout: 100, throwOnRequestTimeout: true },
    });
    const slow = await impatient
      .send(new GetBucketAccessKeysCommand({ bucketName: 'gamma-bucket' }))
      .catch((e: unknown) => e);
    expect((slow as Error).name).toBe('TimeoutError');
  });

  it('injects a bare 5xx with no Lightsail error type, 504 included', async () => {
    for (const status of [502, 503, 504] as const) {
      emulator.failNext('GetBucketAccessKeys', { status });
      const error = await client
        .send(new GetBucketAccessKeysCommand({ bucketName: 'gamma-bucket' }))
        .catch((e: unknown) => e);
      expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(status);
    }
  });

  it.each([
    ['secretAccessKey', 'accessKeyId'],
    ['accessKeyId', 'secretAccessKey'],
  ] as const)(
    'injects a create answered 200 without %s, having really made the key',
    async (missing, kept) => {
      emulator.state.addBucket('delta-bucket');
      const secretsBefore = emulator.issuedSecrets.length;
      emulator.failNext('CreateBucketAccessKey', { answerWithout: missing });
      const created = await client.send(new CreateBucketAccessKeyCommand({ bucketName: 'delta-bucket' }));

      expect(created.$metadata.httpStatusCode).toBe(200);
      expect(created.accessKey?.[missing]).toBeUndefined();
      expect(created.accessKey?.[kept]).toBeDefined();
      const listed = await client.send(new GetBucketAccessKeysCommand({ bucketName: 'delta-bucket' }));
      expect(listed.accessKeys).toHaveLength(1);
      // Only a secret that was actually sent counts as handed out.
      expect(emulator.issuedSecrets.length - secretsBefore).toBe(missing === 'secretAccessKey' ? 0 : 1);
      emulator.state.buckets.delete('delta-bucket');
    },
  );

  it('answers errors with __type, the x-amzn-ErrorType header and the code/docs/message/tip fields', async () => {
    const response = await fetch(emulator.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Lightsail_20161128.GetBucketAccessKeys',
        authorization:
          'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lightsail/aws4_request, SignedHeaders=host, Signature=x',
      },
      body: JSON.stringify({ bucketName: 'missing-bucket' }),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('NotFoundException');
    expect(Object.keys((await response.json()) as object).sort()).toEqual([
      '__type',
      'code',
      'docs',
      'message',
      'tip',
    ]);
  });

  it('answers an unknown target with UnknownOperationException and an unsigned call with 403', async () => {
    const headers = {
      'content-type': 'application/x-amz-json-1.1',
      authorization:
        'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lightsail/aws4_request, SignedHeaders=host, Signature=x',
    };
    const unknown = await fetch(emulator.url, {
      method: 'POST',
      headers: { ...headers, 'x-amz-target': 'Lightsail_20161128.LaunchRockets' },
      body: '{}',
    });
    expect(((await unknown.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    const unsigned = await fetch(emulator.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Lightsail_20161128.GetBuckets',
      },
      body: '{}',
    });
    expect(unsigned.status).toBe(403);
  });
});
