import {
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, startMotoServer } from '../../src/sandbox/aws/moto-server.js';
import { SsmStandIn } from '../../src/sandbox/aws/ssm-standin.js';

/**
 * The Parameter Store calls the policy needs, asserted the same way against the stand-in and, where
 * `moto_server` is installed, against moto's Parameter Store: what the stand-in does is what a second,
 * independent emulation of SSM does too (vitest.config.ts skips moto with one line when it is missing,
 * and fails the run under CI=true).
 */
const BACKENDS = ['stand-in', ...(process.env.BUCKET_KEY_TEST_MOTO ? ['moto'] : [])] as const;

const clientAt = (endpoint: string, accessKeyId = 'alice') =>
  new SSMClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId, secretAccessKey: 'x' } });

describe.each(BACKENDS)('Parameter Store versions on %s, through the real SSM client', (backend) => {
  let stop: () => Promise<void>;
  let ssm: SSMClient;
  let n = 0;
  const fresh = () => `/bucket-key/test/policy-${backend}-${++n}`;
  beforeAll(async () => {
    if (backend === 'moto') {
      const moto: MotoServer = await startMotoServer(process.env.BUCKET_KEY_TEST_MOTO);
      stop = moto.stop;
      ssm = clientAt(moto.url);
    } else {
      const standIn = new SsmStandIn();
      await standIn.start();
      stop = () => standIn.stop();
      ssm = clientAt(standIn.url);
    }
  });
  afterAll(async () => {
    ssm.destroy();
    await stop();
  });

  const put = (Name: string, Value: string, Overwrite?: boolean) =>
    ssm.send(new PutParameterCommand({ Name, Value, Type: 'String', ...(Overwrite ? { Overwrite } : {}) }));

  it('numbers versions from 1, refuses to overwrite without Overwrite, and reads any version by name:N', async () => {
    const name = fresh();
    expect((await put(name, 'one')).Version).toBe(1);
    await expect(put(name, 'two')).rejects.toMatchObject({ name: 'ParameterAlreadyExists' });
    expect((await put(name, 'two', true)).Version).toBe(2);

    const latest = (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter;
    expect(latest).toMatchObject({ Name: name, Value: 'two', Version: 2, Type: 'String' });
    expect(latest?.LastModifiedDate).toBeInstanceOf(Date);
    const first = (await ssm.send(new GetParameterCommand({ Name: `${name}:1` }))).Parameter;
    expect(first).toMatchObject({ Value: 'one', Version: 1 });
  });

  it('names a missing parameter ParameterNotFound and a missing version ParameterVersionNotFound', async () => {
    const name = fresh();
    await expect(ssm.send(new GetParameterCommand({ Name: name }))).rejects.toMatchObject({
      name: 'ParameterNotFound',
    });
    await put(name, 'one');
    await expect(ssm.send(new GetParameterCommand({ Name: `${name}:9` }))).rejects.toMatchObject({
      name: 'ParameterVersionNotFound',
    });
  });

  it('gives the history oldest first, each version with its value and LastModifiedUser, page by page', async () => {
    const name = fresh();
    await put(name, 'one');
    await put(name, 'two', true);
    await put(name, 'three', true);

    const all = await ssm.send(new GetParameterHistoryCommand({ Name: name }));
    expect(all.Parameters?.map((p) => [p.Version, p.Value])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ]);
    for (const p of all.Parameters ?? []) expect(typeof p.LastModifiedUser).toBe('string');
    const page = await ssm.send(new GetParameterHistoryCommand({ Name: name, MaxResults: 2 }));
    expect(page.Parameters).toHaveLength(2);
    const rest = await ssm.send(
      new GetParameterHistoryCommand({ Name: name, MaxResults: 2, NextToken: page.NextToken }),
    );
    expect(rest.Parameters?.map((p) => p.Version)).toEqual([3]);
    expect(rest.NextToken).toBeUndefined();
    await expect(
      ssm.send(new GetParameterHistoryCommand({ Name: name, MaxResults: 51 })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('describes one parameter by Name Equals: its newest version and LastModifiedUser, no value', async () => {
    const name = fresh();
    await put(name, 'one');
    await put(name, 'two', true);

    const out = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }],
      }),
    );
    expect(out.Parameters).toHaveLength(1);
    expect(out.Parameters?.[0]).toMatchObject({ Name: name, Version: 2, Type: 'String' });
    expect(typeof out.Parameters?.[0]?.LastModifiedUser).toBe('string');
    expect(out.Parameters?.[0]).not.toHaveProperty('Value');
  });
});

// What moto does not emulate (it records LastModifiedUser as "N/A" and checks no tier limits), as
// SSM documents it: the caller as LastModifiedUser, 4,096 characters standard, 8 KB advanced.
describe('SSM stand-in: who changed a parameter, and the tiers', () => {
  const standIn = new SsmStandIn();
  let alice: SSMClient;
  beforeAll(async () => {
    await standIn.start();
    standIn.identities.set('deployer', 'arn:aws:sts::123456789012:assumed-role/Deployer/ci-run-7');
    alice = clientAt(standIn.url, 'alice');
  });
  afterAll(async () => {
    alice.destroy();
    await standIn.stop();
  });

  it('records whoever signed each put as LastModifiedUser', async () => {
    const deployer = clientAt(standIn.url, 'deployer');
    await deployer.send(new PutParameterCommand({ Name: '/who', Value: 'one', Type: 'String' }));
    await alice.send(new PutParameterCommand({ Name: '/who', Value: 'two', Overwrite: true }));
    deployer.destroy();

    const history = await alice.send(new GetParameterHistoryCommand({ Name: '/who' }));
    expect(history.Parameters?.map((p) => p.LastModifiedUser)).toEqual([
      'arn:aws:sts::123456789012:assumed-role/Deployer/ci-run-7',
      'arn:aws:iam::123456789012:user/alice',
    ]);
  });

  it('refuses more than 4,096 characters in the standard tier, takes them in advanced, and never goes back', async () => {
    const big = 'x'.repeat(5000);
    await expect(
      alice.send(new PutParameterCommand({ Name: '/tiers', Value: big, Type: 'String' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/4096 characters/),
    });
    const put = await alice.send(
      new PutParameterCommand({ Name: '/tiers', Value: big, Type: 'String', Tier: 'Intelligent-Tiering' }),
    );
    expect(put).toMatchObject({ Version: 1, Tier: 'Advanced' });
    await expect(
      alice.send(
        new PutParameterCommand({ Name: '/tiers', Value: 'small', Overwrite: true, Tier: 'Standard' }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/downgrade/) });
    await expect(
      alice.send(new PutParameterCommand({ Name: '/tiers', Value: 'y'.repeat(8193), Overwrite: true })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('answers a call it does not emulate as an unknown operation', async () => {
    const { DeleteParameterCommand } = await import('@aws-sdk/client-ssm');
    await expect(alice.send(new DeleteParameterCommand({ Name: '/who' }))).rejects.toMatchObject({
      name: 'UnknownOperationException',
    });
  });
});
