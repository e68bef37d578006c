import { describe, expect, it } from 'vitest';
import { KeyIssuerError, type KeyIssuerFailure } from '../../../src/domain/errors.js';
import { blockKitBreaches } from '../../../src/sandbox/slack/block-kit-limits.js';
import { explainFailure } from '../../../src/worker/explain-failure.js';
import { FAKE_CHANNEL, FAKE_REGION, fakeDependencies } from '../../support/fakes.js';

const BUCKET = 'media-bucket';
const where = { bucket: BUCKET, region: FAKE_REGION, action: 'CreateBucketAccessKey' };

const lightsail = (reason: KeyIssuerFailure) =>
  new KeyIssuerError(reason, `${reason}Exception`, `scripted ${reason}`);

/** Every word the person would read. */
const wordsOf = (message: unknown) => JSON.stringify(message);

/** The reference of the one log line that explains the failure. */
function loggedReference(deps: ReturnType<typeof fakeDependencies>): string {
  const lines = deps.logger.entries.filter((entry) => entry.message === 'CreateBucketAccessKey failed');
  expect(lines).toHaveLength(1);
  return String(lines[0]?.extra?.ref);
}

describe('explainFailure: what the person sees when a call fails, tied to the log by a reference', () => {
  it('answers an unexpected failure with a reference to its log line, never with the error itself', async () => {
    const deps = fakeDependencies();
    const error = new Error('ProvisionedThroughputExceededException at Table.update');

    const message = await explainFailure(deps, error, where);

    const ref = loggedReference(deps);
    expect(ref).toMatch(/^[0-9a-f]{8}$/);
    expect(wordsOf(message)).toContain(ref);
    expect(wordsOf(message)).not.toContain('ProvisionedThroughput');
    expect(deps.logger.entries[0]?.extra).toMatchObject({
      bucket: BUCKET,
      region: FAKE_REGION,
      error: { name: 'Error', message: error.message },
    });
    // Not the bot's own credentials: the approvers are not disturbed.
    expect(deps.messenger.calls).toEqual([]);
  });

  it.each(['access_denied', 'unauthenticated'] as const)(
    'alerts the approvers that the bot is misconfigured when Lightsail answers %s',
    async (reason) => {
      const deps = fakeDependencies();

      const message = await explainFailure(deps, lightsail(reason), where);

      const ref = loggedReference(deps);
      const alerts = deps.messenger.callsOf('post');
      expect(alerts.map((call) => call.to)).toEqual([FAKE_CHANNEL]);
      expect(wordsOf(alerts[0]?.message)).toContain(`${reason}Exception`);
      expect(wordsOf(alerts[0]?.message)).toContain(ref);
      expect(wordsOf(message)).toContain('The approvers have been told');
      expect(wordsOf(message)).toContain(ref);
    },
  );

  it.each([
    'invalid_input',
    'service_unavailable',
    'region_setup_in_progress',
    'key_limit_reached',
    'unknown',
  ] as const)('leaves the approvers alone when Lightsail answers %s', async (reason) => {
    const deps = fakeDependencies();

    const message = await explainFailure(deps, lightsail(reason), where);

    expect(deps.messenger.calls).toEqual([]);
    expect(blockKitBreaches(message.blocks, 'message')).toEqual([]);
    expect(wordsOf(message)).not.toContain(`scripted ${reason}`);
  });

  it('still answers the person when the alert to the approvers cannot be posted, and logs that', async () => {
    const deps = fakeDependencies();
    deps.messenger.failNext('post', 'not_in_channel');

    const message = await explainFailure(deps, lightsail('access_denied'), where);

    expect(wordsOf(message)).toContain(loggedReference(deps));
    expect(deps.logger.messages('warn')).toEqual(['could not alert approvers']);
  });

  it('suggests the buckets that can be requested when Lightsail has no such bucket', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket('other-bucket', FAKE_REGION);

    const message = await explainFailure(deps, lightsail('bucket_not_found'), where);

    expect(wordsOf(message)).toContain(BUCKET);
    expect(wordsOf(message)).toContain('other-bucket');
    expect(deps.messenger.calls).toEqual([]);
  });

  it('answers without suggestions when the buckets cannot be listed either', async () => {
    const deps = fakeDependencies();
    deps.keys.addBucket('other-bucket', FAKE_REGION);
    deps.keys.failNext('listBuckets', { reason: 'service_unavailable' });

    const message = await explainFailure(deps, lightsail('bucket_not_found'), where);

    expect(wordsOf(message)).toContain(BUCKET);
    expect(wordsOf(message)).not.toContain('other-bucket');
    expect(deps.logger.messages('warn')).toEqual(['could not list the buckets to suggest']);
  });
});
