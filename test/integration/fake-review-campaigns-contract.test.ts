import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoReviewCampaigns } from '../../src/adapters/dynamodb/dynamo-review-campaigns.js';
import { ensureTables } from '../../src/adapters/dynamodb/ensure-tables.js';
import { StateConflictError } from '../../src/domain/errors.js';
import { campaignIdFor, type ReviewCampaign, type ReviewEntry } from '../../src/domain/review.js';
import type { ReviewCampaigns } from '../../src/ports/review-campaigns.js';
import type { LocalDynamoDb } from '../../src/sandbox/dynamodb/local-dynamodb.js';
import { startDynamoBackend } from '../support/dynamo-backends.js';
import { FakeReviewCampaigns } from '../support/fake-review-campaigns.js';

/**
 * The service tests trust FakeReviewCampaigns to take each change exactly as DynamoReviewCampaigns'
 * conditional write does. This suite holds it to that: every change from every kind of campaign runs
 * on both, with DynamoDB as the oracle, and what each returned (or the conflict and the campaign it
 * carries) and what each stored must match.
 */

const EARLIER = '2026-11-01T09:00:00.000Z';
const NOW = '2026-11-01T10:00:00.000Z';
const LATER = '2026-11-01T11:00:00.000Z';
const G = {
  open: 'REQ-AAAAAAAA-1',
  kept: 'REQ-BBBBBBBB-1',
  failed: 'REQ-CCCCCCCC-1',
  done: 'REQ-DDDDDDDD-1',
  gone: 'REQ-EEEEEEEE-1',
};

const entry = (grantId: string, extra: Partial<ReviewEntry> = {}): ReviewEntry => ({
  grantId,
  holderId: 'UHOLDER01',
  keys: [{ accessKeyId: `AKIA${grantId.slice(4, 12)}00000000`, requestId: grantId, issuedAt: EARLIER }],
  approvers: ['UAPPROVER1'],
  approvedAt: EARLIER,
  issuedAt: EARLIER,
  reason: 'contract',
  lastUse: {},
  ...extra,
});

const decision = (kind: 'kept' | 'revoked') => ({ kind, by: 'UREVIEWER1', at: EARLIER, via: 'UREVIEWER1' });

function campaign(bucket: string, number: number, extra: Partial<ReviewCampaign> = {}): ReviewCampaign {
  return {
    campaignId: campaignIdFor(bucket, number),
    bucket,
    region: 'us-east-1',
    number,
    openedAt: EARLIER,
    deadline: LATER,
    reviewers: ['UREVIEWER1', 'SREVIEWERS'],
    fallbackReviewers: ['UAPPROVER1'],
    entries: {
      [G.open]: entry(G.open),
      [G.kept]: entry(G.kept, { decision: decision('kept') }),
      [G.failed]: entry(G.failed, {
        decision: decision('revoked'),
        revoke: { state: 'failed', at: EARLIER, error: 'ServiceException' },
      }),
      [G.done]: entry(G.done, { decision: decision('revoked'), revoke: { state: 'done', at: EARLIER } }),
      [G.gone]: entry(G.gone, { gone: { at: EARLIER, why: 'deleted_outside' } }),
    },
    state: 'OPEN',
    notices: {
      'dm#UHELD0001': { claimedUntil: LATER },
      'dm#ULAPSED01': { claimedUntil: EARLIER },
      'dm#USENT0001': { sentAt: EARLIER },
    },
    ...extra,
  };
}

/** One campaign of each kind a change may meet. */
const SEEDS: Record<string, Partial<ReviewCampaign> | undefined> = {
  missing: undefined,
  open: {},
  pastDeadline: { deadline: EARLIER },
  closed: { state: 'CLOSED', closedAt: EARLIER },
};

type Change = (store: ReviewCampaigns, id: string) => Promise<unknown>;
const keep = { kind: 'kept' as const, by: 'UREVIEWER2', at: NOW, via: 'SREVIEWERS' };
const lapse = { kind: 'lapsed' as const, by: 'bucket-key', at: NOW };

const CHANGES: Record<string, Change> = {
  keepUndecided: (s, id) => s.decide(id, G.open, keep, { before: NOW }),
  keepDecided: (s, id) => s.decide(id, G.kept, keep, { before: NOW }),
  keepGone: (s, id) => s.decide(id, G.gone, keep, { before: NOW }),
  keepUnlisted: (s, id) => s.decide(id, 'REQ-ZZZZZZZZ-9', keep, { before: NOW }),
  keepAtDeadline: (s, id) => s.decide(id, G.open, keep, { before: LATER }),
  lapseUndecided: (s, id) => s.decide(id, G.open, lapse),
  lapseDecided: (s, id) => s.decide(id, G.kept, lapse),
  goneUndecided: (s, id) => s.markGone(id, G.open, { at: NOW, why: 'grant_ended' }),
  goneDecided: (s, id) => s.markGone(id, G.kept, { at: NOW, why: 'deleted_outside' }),
  goneAgain: (s, id) => s.markGone(id, G.gone, { at: NOW, why: 'deleted_outside' }),
  revokeDoneAfterFailure: (s, id) => s.noteRevoke(id, G.failed, { state: 'done', at: NOW }),
  revokeFailedAgain: (s, id) => s.noteRevoke(id, G.failed, { state: 'failed', at: NOW, error: 'Throttled' }),
  revokeAfterDone: (s, id) => s.noteRevoke(id, G.done, { state: 'failed', at: NOW, error: 'x' }),
  revokeOnKept: (s, id) => s.noteRevoke(id, G.kept, { state: 'done', at: NOW }),
  revokeOnUndecided: (s, id) => s.noteRevoke(id, G.open, { state: 'done', at: NOW }),
  claimFresh: (s, id) => s.claimNotice(id, 'holder#UHOLDER01', { at: NOW, until: LATER }),
  claimHeld: (s, id) => s.claimNotice(id, 'dm#UHELD0001', { at: NOW, until: LATER }),
  claimLapsed: (s, id) => s.claimNotice(id, 'dm#ULAPSED01', { at: NOW, until: LATER }),
  claimSent: (s, id) => s.claimNotice(id, 'dm#USENT0001', { at: NOW, until: LATER }),
  markSent: (s, id) => s.noticeSent(id, 'dm#UHELD0001', NOW),
  markSentUnclaimed: (s, id) => s.noticeSent(id, 'summary', NOW),
  releaseOwn: (s, id) => s.releaseNotice(id, 'dm#UHELD0001', LATER),
  releaseOther: (s, id) => s.releaseNotice(id, 'dm#UHELD0001', EARLIER),
  releaseSent: (s, id) => s.releaseNotice(id, 'dm#USENT0001', EARLIER),
  close: (s, id) => s.close(id, NOW),
  openAgain: (s, id) =>
    s.open({ ...campaign('contract-bucket', Number(id.split('-').at(-1))), openedAt: NOW }),
};

async function outcomeOf(store: ReviewCampaigns, id: string, change: Change) {
  let result: unknown;
  try {
    result = { returned: (await change(store, id)) ?? null };
  } catch (error) {
    result =
      error instanceof StateConflictError
        ? { conflict: error.current ?? null, error: error.name }
        : { threw: String(error) };
  }
  return { result, stored: (await store.get(id)) ?? null };
}

// The review suites run the same writes on DynamoDB Local too (test/integration/access-reviews.test.ts).
describe('FakeReviewCampaigns keeps DynamoReviewCampaigns’ conditions (dynalite as the oracle)', () => {
  let dynamo: LocalDynamoDb;
  let db: DynamoDBDocumentClient;
  let real: DynamoReviewCampaigns;
  const fake = new FakeReviewCampaigns();
  let number = 0;

  beforeAll(async () => {
    dynamo = await startDynamoBackend('dynalite');
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: dynamo.url,
      credentials: { accessKeyId: 'contract', secretAccessKey: 'contract' },
    });
    db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    await ensureTables(client, { requests: 'requests-review-contract', audit: 'audit-review-contract' });
    real = new DynamoReviewCampaigns(db, 'requests-review-contract');
  });
  afterAll(async () => {
    db?.destroy();
    await dynamo?.stop();
  });

  const cases = Object.keys(SEEDS).flatMap((seed) =>
    Object.keys(CHANGES).map((change) => [seed, change] as const),
  );

  it.each(cases)('from a %s campaign, %s', async (seed, change) => {
    const extra = SEEDS[seed];
    const seeded = campaign('contract-bucket', ++number, extra);
    if (extra) {
      await real.open(seeded);
      await fake.open(seeded);
    }
    const act = CHANGES[change] as Change;

    const expected = await outcomeOf(real, seeded.campaignId, act);
    const actual = await outcomeOf(fake, seeded.campaignId, act);

    expect(actual).toEqual(expected);
  });

  it('lists open campaigns, the latest of a bucket and its recent ones as the table does', async () => {
    const opened = [
      campaign('listed-bucket', 1, { state: 'CLOSED', closedAt: EARLIER }),
      campaign('listed-bucket', 2, { deadline: '2026-11-02T00:00:00.000Z' }),
      campaign('other-bucket', 1, { deadline: '2026-11-01T12:00:00.000Z' }),
    ];
    for (const c of opened) {
      await real.open(c);
      await fake.open(c);
    }
    await real.close(campaignIdFor('other-bucket', 1), NOW);
    await fake.close(campaignIdFor('other-bucket', 1), NOW);
    const listings = async (store: ReviewCampaigns) => ({
      open: (await store.listOpen()).map((c) => c.campaignId).filter((id) => !id.includes('contract')),
      latest: await store.latestOf('listed-bucket'),
      none: (await store.latestOf('never-reviewed')) ?? null,
      recent: (await store.recent('listed-bucket', 5)).map((c) => c.campaignId),
      recentOne: (await store.recent('listed-bucket', 1)).map((c) => c.campaignId),
    });

    const expected = await listings(real);
    const actual = await listings(fake);

    expect(expected.open).toEqual([campaignIdFor('listed-bucket', 2)]);
    expect(expected.recent).toEqual([campaignIdFor('listed-bucket', 2), campaignIdFor('listed-bucket', 1)]);
    expect(actual).toEqual(expected);
  });
});
