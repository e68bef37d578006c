import {
  CreateBucketAccessKeyCommand,
  GetBucketsCommand,
  LightsailClient,
  LightsailServiceException,
} from '@aws-sdk/client-lightsail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LightsailEmulator } from '../../../src/sandbox/lightsail/lightsail-emulator.js';
import { HOME_ACCOUNT_ID } from '../../../src/sandbox/lightsail/lightsail-state.js';

const KEYS_OF: Record<string, string> = {
  AKIAPRODCALLER000000: '111111111111',
  AKIAHOMECALLER000000: HOME_ACCOUNT_ID,
};

describe('Lightsail emulator accounts, chosen by the key that signed the call', () => {
  const asked: string[] = [];
  const emulator = new LightsailEmulator({
    accountOf: (accessKeyId) => {
      asked.push(accessKeyId);
      return KEYS_OF[accessKeyId];
    },
  });
  const clientAs = (accessKeyId: string) =>
    new LightsailClient({
      region: 'eu-west-1',
      endpoint: emulator.url,
      credentials: { accessKeyId, secretAccessKey: 'test' },
      maxAttempts: 1,
    });

  beforeAll(async () => {
    await emulator.start();
    emulator.account('111111111111').addBucket('shared-name', 'eu-west-1');
    emulator.state.addBucket('shared-name', 'eu-west-1');
  });
  afterAll(() => emulator.stop());

  it('keeps each account’s buckets and keys apart, and names the account in ARNs', async () => {
    const made = await clientAs('AKIAPRODCALLER000000').send(
      new CreateBucketAccessKeyCommand({ bucketName: 'shared-name' }),
    );
    const prodBuckets = await clientAs('AKIAPRODCALLER000000').send(new GetBucketsCommand({}));

    expect(
      emulator
        .account('111111111111')
        .buckets.get('shared-name')
        ?.keys.map((k) => k.accessKeyId),
    ).toEqual([made.accessKey?.accessKeyId]);
    expect(emulator.state.buckets.get('shared-name')?.keys).toEqual([]);
    expect(prodBuckets.buckets?.map((b) => b.arn)).toEqual([
      'arn:aws:lightsail:eu-west-1:111111111111:Bucket/shared-name',
    ]);
    expect(emulator.calls.at(-1)).toMatchObject({ operation: 'GetBuckets', account: '111111111111' });
  });

  it('refuses a key no account owns, as AWS does, and changes nothing', async () => {
    const refused = await clientAs('AKIASTRANGER00000000')
      .send(new CreateBucketAccessKeyCommand({ bucketName: 'shared-name' }))
      .catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(LightsailServiceException);
    expect(refused).toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(emulator.state.buckets.get('shared-name')?.keys).toEqual([]);
  });

  it('asks whose a key is once, however many calls it signs', async () => {
    const home = clientAs('AKIAHOMECALLER000000');
    await home.send(new GetBucketsCommand({}));
    await home.send(new GetBucketsCommand({}));

    expect(asked.filter((key) => key === 'AKIAHOMECALLER000000')).toHaveLength(1);
  });

  it('puts every caller in the home account when it is not told how to tell them apart', async () => {
    const plain = new LightsailEmulator();
    await plain.start();
    try {
      plain.state.addBucket('home-bucket', 'eu-west-1');
      const client = new LightsailClient({
        region: 'eu-west-1',
        endpoint: plain.url,
        credentials: { accessKeyId: 'AKIAANYONE0000000000', secretAccessKey: 'test' },
      });

      const buckets = await client.send(new GetBucketsCommand({}));

      expect(buckets.buckets?.map((b) => b.name)).toEqual(['home-bucket']);
      expect(plain.accountIds()).toEqual([HOME_ACCOUNT_ID]);
    } finally {
      await plain.stop();
    }
  });
});
