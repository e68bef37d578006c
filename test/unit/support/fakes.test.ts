import { describe, expect, it } from 'vitest';
import { ChainWalk } from '../../../src/domain/audit-chain.js';
import { KeyIssuerError, MessengerError } from '../../../src/domain/errors.js';
import { FAKE_REGION, fakeDependencies } from '../../support/fakes.js';

/** The fakes other than the request store (held to DynamoDB by test/integration/fake-request-store-contract). */
describe('the in-memory ports', () => {
  it('link audit events into one hash chain that the real chain check accepts', async () => {
    const deps = fakeDependencies();
    for (const type of ['request_created', 'request_approved', 'key_issued'] as const)
      await deps.audit.append({ type, outcome: 'ok', actorId: 'UACTOR' });

    const walk = new ChainWalk([]);
    for await (const page of deps.audit.chainNewestFirst()) for (const event of page) walk.add(event);

    expect(walk.finish(true)).toMatchObject({ kind: 'intact', checked: 3, head: { seq: 3 } });
  });

  it('refuse a third key on a bucket as Lightsail does, and count only what is there', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket('media-bucket', FAKE_REGION);
    await deps.keys.createKey('media-bucket', FAKE_REGION);
    await deps.keys.createKey('media-bucket', FAKE_REGION);

    const third = deps.keys.createKey('media-bucket', FAKE_REGION);

    await expect(third).rejects.toMatchObject({ reason: 'invalid_input', outcome: 'refused' });
    expect(deps.keys.keyIds('media-bucket')).toHaveLength(2);
  });

  it('answer a bucket in another region as not found, as Lightsail does', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket('media-bucket', FAKE_REGION);

    const listed = deps.keys.listKeys('media-bucket', 'us-east-1');

    await expect(listed).rejects.toBeInstanceOf(KeyIssuerError);
    await expect(deps.keys.listKeys('media-bucket', 'us-east-1')).rejects.toMatchObject({
      reason: 'bucket_not_found',
    });
  });

  it('fail only the next scripted call, and keep the failed one apart from what people saw', async () => {
    const deps = fakeDependencies();
    deps.messenger.failNext('post', 'not_in_channel');

    const first = deps.messenger.post('C1', { text: 'one' });
    await expect(first).rejects.toBeInstanceOf(MessengerError);
    await deps.messenger.post('C1', { text: 'two' });

    expect(deps.messenger.calls.map((call) => call.message?.text)).toEqual(['two']);
    expect(deps.messenger.attempts.map((call) => [call.message?.text, call.failed])).toEqual([
      ['one', 'not_in_channel'],
      ['two', undefined],
    ]);
  });

  it('keep the newer bucket catalog when an older view is written after it', async () => {
    const deps = fakeDependencies();
    await deps.catalog.write({ buckets: [], total: 0, updatedAt: '2026-05-01T10:00:00.000Z' });

    await deps.catalog.write({ buckets: [], total: 5, updatedAt: '2026-05-01T09:00:00.000Z' });

    expect((await deps.catalog.read())?.total).toBe(0);
  });

  it('expand user groups to their members and pass user ids through', async () => {
    const deps = fakeDependencies();
    deps.directory.setGroup('SGROUP0001', ['UMEMBER001', 'UMEMBER002']);

    const people = await deps.directory.expand(['SGROUP0001', 'UALONE0001', 'SUNKNOWN01']);

    expect([...people].sort()).toEqual(['UALONE0001', 'UMEMBER001', 'UMEMBER002']);
  });
});
