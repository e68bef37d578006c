import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, REQUESTER, startHarness, textOf } from '../support/harness.js';

describe('a bucket that does not exist', () => {
  let h: Harness | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await h?.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function policyFile(yaml: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'bucket-key-policy-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'policy.yml'), yaml);
    return join(dir, 'policy.yml');
  }

  it('is answered with the buckets that can be requested, and nothing is recorded', async () => {
    h = await startHarness();

    await h.command(REQUESTER, 'create my-bucket nightly backups');
    await h.settle();

    const answer = textOf(h.lastAnswerTo(REQUESTER));
    expect(answer).toContain('There is no bucket *my-bucket* in us-east-1');
    expect(answer).toContain('Buckets you can request: `media-assets`, `nightly-backups`.');
    expect((await h.requestItems()).filter((item) => 'seq' in item)).toEqual([]);
  });

  it('lists ten names at most, then a count, and only what the policy allows where it allows it', async () => {
    h = await startHarness({
      BUCKET_KEY_POLICY: policyFile(
        'buckets:\n  eu-archive: { region: eu-west-1 }\n  zz-elsewhere: { region: ap-south-1 }\n',
      ),
    });
    for (let i = 0; i < 12; i++) h.lightsail.state.addBucket(`team-${String(i).padStart(2, '0')}`);
    h.lightsail.state.addBucket('eu-archive', 'eu-west-1');
    // In a region the policy uses, but the policy places this bucket in the default region: not requestable.
    h.lightsail.state.addBucket('eu-stray', 'eu-west-1');

    await h.command(REQUESTER, 'create no-such-bucket');
    await h.settle();

    const answer = textOf(h.lastAnswerTo(REQUESTER));
    expect(answer).toContain(
      'Buckets you can request: `eu-archive`, `media-assets`, `nightly-backups`, `team-00`, `team-01`, `team-02`, `team-03`, `team-04`, `team-05`, `team-06` and 5 more.',
    );
    expect(answer).not.toContain('eu-stray');
  });

  it('with restrictToListedBuckets, suggests only listed buckets that exist', async () => {
    h = await startHarness({
      BUCKET_KEY_POLICY: policyFile(
        'restrictToListedBuckets: true\nbuckets:\n  nightly-backups: {}\n  gone-bucket: {}\n',
      ),
    });

    await h.command(REQUESTER, 'list gone-bucket');
    await h.settle();

    expect(textOf(h.lastAnswerTo(REQUESTER))).toContain('Buckets you can request: `nightly-backups`.');
  });
});
