import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../src/domain/audit-event.js';
import { campaignIdFor, type ReviewCampaign } from '../../../src/domain/review.js';
import { reportFile } from '../../../src/domain/review-report.js';
import { blockKitBreaches } from '../../../src/sandbox/slack/block-kit-limits.js';
import { publishHome } from '../../../src/services/home/publish-home.js';
import { decideReview } from '../../../src/services/review/decide-review.js';
import { reportReview } from '../../../src/services/review/report-review.js';
import { listReviews, reviewsForHome, showReviewPage } from '../../../src/services/review/show-reviews.js';
import { sweepReviews } from '../../../src/services/review/sweep-reviews.js';
import { sweep } from '../../../src/services/sweep/sweep.js';
import { reviewerMessage } from '../../../src/slack/messages/review-messages.js';
import {
  FAKE_APPROVER,
  FAKE_CHANNEL,
  FAKE_REGION,
  type FakeDependencies,
  fakeDependencies,
  policyOf,
  textOf,
} from '../../support/fakes.js';
import { type LiveKey, liveKey } from '../../support/review-fixtures.js';

const DAY = 86_400_000;
const BUCKET = 'media-bucket';
const RILEY = 'URILEY0001';
const SAM = 'USAM000001';
const ALEX = 'UALEX00001';
const BLAKE = 'UBLAKE0001';
const CAMPAIGN = campaignIdFor(BUCKET, 1);
const URL = 'https://hooks.slack.test/actions/T1/1/abc';

/** Alex and Blake review media-bucket every 90 days, within 14. */
function reviewed(
  reviewers: string[] = [ALEX, BLAKE],
  extra: Record<string, unknown> = {},
): FakeDependencies {
  const deps = fakeDependencies({
    policy: policyOf({
      buckets: { [BUCKET]: { review: { every: '90d', deadline: '14d', reviewers }, ...extra } },
    }),
  });
  deps.keys.addBucket(BUCKET, FAKE_REGION);
  return deps;
}

const decide = (userId: string, grantId: string, keep: boolean, responseUrl: string | undefined = URL) => ({
  kind: 'accessReviewDecide' as const,
  userId,
  campaignId: CAMPAIGN,
  grantId,
  keep,
  page: 0,
  ...(responseUrl ? { responseUrl } : {}),
});

const events = (deps: FakeDependencies, type: string) => deps.audit.events.filter((e) => e.type === type);
const dmsTo = (deps: FakeDependencies, userId: string) =>
  deps.messenger
    .callsOf('directMessage')
    .filter((c) => c.to === userId)
    .map(textOf);
const campaign = (deps: FakeDependencies): ReviewCampaign => deps.campaigns.campaign(CAMPAIGN);

/** Riley's and Sam's keys on the bucket, and the campaign opened over them. */
async function opened(deps = reviewed()): Promise<{ deps: FakeDependencies; riley: LiveKey; sam: LiveKey }> {
  const riley = liveKey(deps, {
    holder: RILEY,
    accessKeyId: 'AKIARILEY00000000001',
    reason: 'nightly backups',
    lastUsed: { at: new Date('2026-04-28T10:00:00.000Z'), region: 'eu-west-2', service: 's3' },
  });
  const sam = liveKey(deps, { holder: SAM, accessKeyId: 'AKIASAM0000000000001', reason: 'a one-off export' });
  await sweepReviews(deps);
  return { deps, riley, sam };
}

describe('access reviews: opening', () => {
  it('opens a campaign at the first sweep after review applies to a bucket with live keys, and says so', async () => {
    const { deps, riley } = await opened();

    const stored = campaign(deps);
    expect(stored).toMatchObject({ bucket: BUCKET, number: 1, state: 'OPEN', reviewers: [ALEX, BLAKE] });
    expect(stored.deadline).toBe(new Date(deps.clock.now().getTime() + 14 * DAY).toISOString());
    expect(Object.keys(stored.entries).sort()).toEqual([riley.grant.grantId, expect.any(String)].sort());
    expect(stored.entries[riley.grant.grantId]).toMatchObject({
      holderId: RILEY,
      reason: 'nightly backups',
      approvers: ['UAPPROVER1'],
      lastUse: {
        AKIARILEY00000000001: { at: '2026-04-28T10:00:00.000Z', region: 'eu-west-2', service: 's3' },
      },
    });
    expect(events(deps, 'review_opened')).toHaveLength(1);
    // One DM per reviewer, listing every key; each holder told once.
    for (const reviewer of [ALEX, BLAKE]) {
      const [dm, ...more] = dmsTo(deps, reviewer);
      expect(more).toEqual([]);
      expect(dm).toContain('AKIARILEY00000000001');
      expect(dm).toContain('AKIASAM0000000000001');
      expect(dm).toContain('nightly backups');
      expect(dm).toContain('eu-west-2, s3');
      expect(dm).toContain('never used');
    }
    expect(dmsTo(deps, RILEY).join()).toContain('under review');
    expect(dmsTo(deps, SAM).join()).toContain('under review');
  });

  it('opens nothing for a bucket without live keys, nor for one without review', async () => {
    const deps = fakeDependencies({
      policy: policyOf({ buckets: { [BUCKET]: {}, 'other-bucket': { review: { every: '30d' } } } }),
    });
    deps.keys.addBucket(BUCKET, FAKE_REGION);
    deps.keys.addBucket('other-bucket', FAKE_REGION);
    liveKey(deps, { holder: RILEY, accessKeyId: 'AKIARILEY00000000001' });

    const report = await sweepReviews(deps);

    expect(report.reviewsOpened).toBe(0);
    expect(deps.campaigns.items.size).toBe(0);
  });

  it('opens exactly once across two concurrent sweeps: one campaign, one event, one DM each', async () => {
    const deps = reviewed();
    liveKey(deps, { holder: RILEY, accessKeyId: 'AKIARILEY00000000001' });

    const reports = await Promise.all([sweep(deps), sweep(deps)]);

    expect(reports.map((r) => r.reviewsOpened).sort()).toEqual([0, 1]);
    expect(deps.campaigns.items.size).toBe(1);
    expect(events(deps, 'review_opened')).toHaveLength(1);
    expect(dmsTo(deps, ALEX)).toHaveLength(1);
    expect(dmsTo(deps, BLAKE)).toHaveLength(1);
    expect(dmsTo(deps, RILEY)).toHaveLength(1);
  });

  it('opens the next campaign `every` after the last, not before', async () => {
    const deps = reviewed();
    liveKey(deps, { holder: RILEY, accessKeyId: 'AKIARILEY00000000001', expiresInDays: 365 });
    await sweepReviews(deps);
    const first = campaign(deps).entries;
    await decideReview(deps, decide(ALEX, Object.keys(first)[0] ?? '', true));
    deps.clock.advance(15 * DAY);
    await sweepReviews(deps);
    deps.clock.advance(74 * DAY);
    await sweepReviews(deps);
    expect(deps.campaigns.pointers.get(BUCKET)?.number).toBe(1);

    deps.clock.advance(DAY);
    await sweepReviews(deps);

    expect(deps.campaigns.pointers.get(BUCKET)?.number).toBe(2);
    expect(deps.campaigns.campaign(campaignIdFor(BUCKET, 2)).state).toBe('OPEN');
  });

  it('gives a key whose only reviewer is its holder to the default approvers', async () => {
    const deps = reviewed([RILEY]);
    const riley = liveKey(deps, { holder: RILEY, accessKeyId: 'AKIARILEY00000000001' });
    const sam = liveKey(deps, { holder: SAM, accessKeyId: 'AKIASAM0000000000001' });

    await sweepReviews(deps);

    expect(campaign(deps).entries[riley.grant.grantId]?.fallback).toBe(true);
    expect(campaign(deps).entries[sam.grant.grantId]?.fallback).toBeUndefined();
    expect(dmsTo(deps, FAKE_APPROVER)).toHaveLength(1);
    const byApprover = await decideReview(deps, decide(FAKE_APPROVER, riley.grant.grantId, true));
    expect(byApprover.kind).toBe('review_kept');
    const samByApprover = await decideReview(deps, decide(FAKE_APPROVER, sam.grant.grantId, true));
    expect(samByApprover.kind).toBe('review_not_reviewer');
  });

  it('shows a holder who is a guest as one', async () => {
    const deps = reviewed();
    deps.directory.statuses.set(RILEY, { deleted: false, guest: 'multi-channel' });
    liveKey(deps, { holder: RILEY, accessKeyId: 'AKIARILEY00000000001' });

    await sweepReviews(deps);

    expect(Object.values(campaign(deps).entries)[0]?.holderKind).toBe('multi_channel_guest');
    expect(dmsTo(deps, ALEX)[0]).toContain('(*guest*)');
  });
});

describe('access reviews: decisions', () => {
  it('Keep keeps: the decision is recorded once, the key and grant stay, audited; the holder is told', async () => {
    const { deps, riley } = await opened();

    const outcome = await decideReview(deps, decide(ALEX, riley.grant.grantId, true));

    expect(outcome.kind).toBe('review_kept');
    expect(campaign(deps).entries[riley.grant.grantId]?.decision).toMatchObject({
      kind: 'kept',
      by: ALEX,
      via: ALEX,
    });
    expect(deps.keys.keyIds(BUCKET)).toContain(riley.accessKeyId);
    expect(deps.grants.items.get(riley.grant.grantId)?.state).toBe('ACTIVE');
    expect(events(deps, 'review_kept').map((e) => [e.actorId, e.subjectUserId, e.accessKeyId])).toEqual([
      [ALEX, RILEY, riley.accessKeyId],
    ]);
  });

  it('Revoke revokes the whole grant: its key and a rotation of it, audited', async () => {
    const { deps, riley } = await opened();
    // A rotation under the same grant: the review's Revoke ends it too.
    const rotated = {
      ...riley.request,
      requestId: 'REQ-ROTATION-2',
      seq: 2,
      accessKeyId: 'AKIARILEY00000000002',
    };
    deps.requests.seed(rotated);
    deps.grants.seed({ ...riley.grant, requestIds: [riley.grant.grantId, rotated.requestId] });
    deps.keys.addKey(BUCKET, { accessKeyId: 'AKIARILEY00000000002' });

    const outcome = await decideReview(deps, decide(BLAKE, riley.grant.grantId, false));

    expect(outcome.kind).toBe('review_revoked');
    expect(deps.keys.keyIds(BUCKET)).toEqual(['AKIASAM0000000000001']);
    expect(deps.grants.items.get(riley.grant.grantId)?.state).toBe('REVOKED');
    expect(deps.requests.record(rotated.requestId).state).toBe('REVOKED');
    expect(campaign(deps).entries[riley.grant.grantId]).toMatchObject({
      decision: { kind: 'revoked', by: BLAKE },
      revoke: { state: 'done' },
    });
    expect(events(deps, 'review_revoked')).toHaveLength(1);
    expect(events(deps, 'grant_revoked')).toHaveLength(1);
  });

  it('refuses a reviewer their own key, audits the refusal, and changes nothing', async () => {
    const deps = reviewed([ALEX, RILEY]);
    const { riley } = await opened(deps);

    const outcome = await decideReview(deps, decide(RILEY, riley.grant.grantId, true));

    expect(outcome.kind).toBe('review_refused_own_key');
    expect(campaign(deps).entries[riley.grant.grantId]?.decision).toBeUndefined();
    expect(events(deps, 'review_refused_own_key').map((e) => [e.actorId, e.outcome])).toEqual([
      [RILEY, 'refused'],
    ]);
  });

  it('refuses someone who is not a reviewer, audited', async () => {
    const { deps, riley } = await opened();

    const outcome = await decideReview(deps, decide(SAM, riley.grant.grantId, false));

    expect(outcome.kind).toBe('review_not_reviewer');
    expect(deps.keys.keyIds(BUCKET)).toContain(riley.accessKeyId);
    expect(events(deps, 'refused_not_approver')).toHaveLength(1);
  });

  it('makes one decision when two reviewers click at once, and tells the second who decided', async () => {
    const { deps, riley } = await opened();

    const [first, second] = await Promise.all([
      decideReview(deps, decide(ALEX, riley.grant.grantId, true)),
      decideReview(deps, decide(BLAKE, riley.grant.grantId, false)),
    ]);

    const kinds = [first.kind, second.kind].sort();
    expect(kinds).toEqual(['review_already_decided', 'review_kept']);
    const lost = first.kind === 'review_already_decided' ? first : second;
    expect(lost.kind === 'review_already_decided' && lost.entry.decision?.by).toBe(ALEX);
    expect(deps.keys.keyIds(BUCKET)).toContain(riley.accessKeyId);
    expect(events(deps, 'review_kept')).toHaveLength(1);
    expect(events(deps, 'review_revoked')).toHaveLength(0);
  });

  it('changes nothing for a click on a decided key or a closed campaign, and says so', async () => {
    const { deps, riley, sam } = await opened();
    await decideReview(deps, decide(ALEX, riley.grant.grantId, true));

    const again = await decideReview(deps, decide(BLAKE, riley.grant.grantId, false));
    deps.clock.advance(14 * DAY);
    const late = await decideReview(deps, decide(ALEX, sam.grant.grantId, true));

    expect(again.kind).toBe('review_already_decided');
    expect(late.kind).toBe('review_closed');
    expect(deps.keys.keyIds(BUCKET)).toContain(riley.accessKeyId);
    expect(campaign(deps).entries[sam.grant.grantId]?.decision).toBeUndefined();
  });

  it('answers a click naming an unknown campaign or key clearly', async () => {
    const deps = reviewed();

    const outcome = await decideReview(deps, decide(ALEX, 'REQ-AAAAAAAA-1', true));

    expect(outcome).toEqual({ kind: 'review_unknown', campaignId: CAMPAIGN });
  });

  it('shows a key deleted outside the bot as gone, not reviewed, on a click and at the sweep', async () => {
    const { deps, riley, sam } = await opened();
    await deps.keys.deleteKey(BUCKET, FAKE_REGION, riley.accessKeyId);

    const outcome = await decideReview(deps, decide(ALEX, riley.grant.grantId, true));
    await deps.keys.deleteKey(BUCKET, FAKE_REGION, sam.accessKeyId);
    await sweepReviews(deps);

    expect(outcome.kind).toBe('review_key_gone');
    expect(campaign(deps).entries[riley.grant.grantId]).toMatchObject({ gone: { why: 'deleted_outside' } });
    expect(campaign(deps).entries[riley.grant.grantId]?.decision).toBeUndefined();
    expect(campaign(deps).entries[sam.grant.grantId]?.gone?.why).toBe('deleted_outside');
  });

  it('lists a Revoke that Lightsail failed as "revoke failed", and the next sweep finishes it', async () => {
    const { deps, riley } = await opened();
    deps.keys.failNext('deleteKey', { reason: 'service_unavailable', outcome: 'answered_failure' });

    const outcome = await decideReview(deps, decide(ALEX, riley.grant.grantId, false));

    expect(
      outcome.kind === 'review_revoked' && outcome.revocation.surviving.map((s) => s.accessKeyId),
    ).toEqual([riley.accessKeyId]);
    expect(campaign(deps).entries[riley.grant.grantId]?.revoke?.state).toBe('failed');
    expect(
      reviewerMessage((outcome as { view: Parameters<typeof reviewerMessage>[0] }).view)
        .blocks?.map((b) => JSON.stringify(b))
        .join(),
    ).toContain('revoke failed');

    const report = await sweepReviews(deps);

    expect(report.reviewRevokesRetried).toBe(1);
    expect(deps.keys.keyIds(BUCKET)).not.toContain(riley.accessKeyId);
    expect(campaign(deps).entries[riley.grant.grantId]?.revoke?.state).toBe('done');
  });
});

describe('access reviews: reminders and the deadline', () => {
  it('reminds reviewers with keys waiting half-way and one day before, once each', async () => {
    const { deps, riley } = await opened();
    await decideReview(deps, decide(ALEX, riley.grant.grantId, true));
    const reminders = () =>
      deps.messenger
        .callsOf('directMessage')
        .map(textOf)
        .filter((t) => t.includes('still wait'));

    deps.clock.advance(7 * DAY);
    await sweepReviews(deps);
    await sweepReviews(deps);
    expect(reminders()).toHaveLength(2);
    deps.clock.advance(6 * DAY);
    await sweepReviews(deps);

    expect(reminders()).toHaveLength(4);
    expect(reminders().filter((t) => t.includes('One day left'))).toHaveLength(2);
    expect(reminders().every((t) => t.includes('1 key of'))).toBe(true);
    expect(
      events(deps, 'reminder_sent')
        .map((e) => e.subjectUserId)
        .sort(),
    ).toEqual([ALEX, ALEX, BLAKE, BLAKE]);
  });

  it('revokes an unreviewed key at the deadline, tells its holder why, sums up once, and closes', async () => {
    const { deps, riley, sam } = await opened();
    await decideReview(deps, decide(ALEX, riley.grant.grantId, true));
    deps.clock.advance(14 * DAY);

    const [first, second] = await Promise.all([sweepReviews(deps), sweepReviews(deps)]);

    expect(first.reviewKeysLapsed + second.reviewKeysLapsed).toBe(1);
    expect(deps.keys.keyIds(BUCKET)).toEqual([riley.accessKeyId]);
    expect(deps.grants.items.get(sam.grant.grantId)?.state).toBe('REVOKED');
    expect(campaign(deps).entries[sam.grant.grantId]?.decision).toMatchObject({
      kind: 'lapsed',
      by: SYSTEM_ACTOR,
    });
    expect(dmsTo(deps, SAM).at(-1)).toContain('no reviewer kept it');
    expect(events(deps, 'review_lapsed_revoked').map((e) => [e.subjectUserId, e.outcome])).toEqual([
      [SAM, 'ok'],
    ]);
    const summaries = deps.messenger
      .callsOf('post')
      .filter((c) => c.to === FAKE_CHANNEL)
      .map(textOf);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toContain('kept 1 · revoked 0 · open 0 · lapsed 1');
    expect(campaign(deps).state).toBe('CLOSED');
    expect(events(deps, 'review_closed')).toHaveLength(1);
  });

  it('keeps a campaign open past its deadline until a failed lapse revoke is finished', async () => {
    const { deps, sam } = await opened();
    deps.clock.advance(14 * DAY);
    deps.keys.failNext('deleteKey', { reason: 'service_unavailable', outcome: 'answered_failure' });
    deps.keys.failNext('deleteKey', { reason: 'service_unavailable', outcome: 'answered_failure' });

    await sweepReviews(deps);

    expect(campaign(deps).state).toBe('OPEN');
    expect(
      events(deps, 'review_lapsed_revoked')
        .map((e) => e.outcome)
        .sort(),
    ).toEqual(['failed', 'failed']);
    await sweepReviews(deps);
    expect(deps.keys.keyIds(BUCKET)).not.toContain(sam.accessKeyId);
    expect(campaign(deps).state).toBe('CLOSED');
  });
});

describe('access reviews: evidence', () => {
  it('review lists open and recent campaigns with their counts, for approvers and auditors only', async () => {
    const { deps, riley } = await opened();
    await decideReview(deps, decide(ALEX, riley.grant.grantId, false));

    const listed = await listReviews(deps, {
      kind: 'accessReviews',
      userId: FAKE_APPROVER,
      responseUrl: URL,
    });
    const refused = await listReviews(deps, { kind: 'accessReviews', userId: RILEY, responseUrl: URL });

    expect(listed.kind === 'reviews_listed' && listed.campaigns.map((c) => c.campaignId)).toEqual([CAMPAIGN]);
    expect(refused.kind).toBe('reviews_refused');
    expect(events(deps, 'refused_not_auditor')).toHaveLength(1);
  });

  it('review report sends one row per key with its decision to the asker’s DM, on the chain first', async () => {
    const { deps, riley, sam } = await opened();
    await decideReview(deps, decide(ALEX, riley.grant.grantId, true));
    deps.clock.advance(14 * DAY);
    await sweepReviews(deps);

    const outcome = await reportReview(deps, {
      kind: 'accessReviewReport',
      userId: FAKE_APPROVER,
      responseUrl: URL,
      campaignId: CAMPAIGN,
      format: 'csv',
    });

    expect(outcome).toEqual({ kind: 'review_report_sent', campaignId: CAMPAIGN, rows: 2, format: 'csv' });
    const [file] = deps.messenger.callsOf('uploadFile');
    expect(file?.to).toBe(FAKE_APPROVER);
    const lines = textOf(file ?? { method: 'uploadFile', to: '' })
      .split('\n')
      .slice(1)
      .join('\n')
      .split('\r\n');
    expect(lines[0]).toBe(
      '"campaign","bucket","key","grant","holder","holder_type","decision","decider","decided_at","reason","note"',
    );
    expect(lines.find((l) => l.includes(riley.accessKeyId))).toContain(`"kept","${ALEX}"`);
    expect(lines.find((l) => l.includes(sam.accessKeyId))).toContain(`"lapsed","${SYSTEM_ACTOR}"`);
    expect(events(deps, 'audit_export_started').map((e) => e.detail)).toEqual([
      `access review report ${CAMPAIGN} as csv: 2 key(s)`,
    ]);
    const jsonl = reportFile(campaign(deps), 'jsonl')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(jsonl.map((row) => [row.holder, row.decision]).sort()).toEqual([
      [RILEY, 'kept'],
      [SAM, 'lapsed'],
    ]);
  });

  it('answers a report of an unknown campaign clearly, sending nothing', async () => {
    const deps = reviewed();

    const outcome = await reportReview(deps, {
      kind: 'accessReviewReport',
      userId: FAKE_APPROVER,
      responseUrl: URL,
      campaignId: campaignIdFor(BUCKET, 7),
      format: 'jsonl',
    });

    expect(outcome).toEqual({ kind: 'review_unknown', campaignId: campaignIdFor(BUCKET, 7) });
    expect(deps.messenger.callsOf('uploadFile')).toEqual([]);
  });
});

describe('access reviews: long lists and App Home', () => {
  it('pages a campaign of many keys within Block Kit’s limits, every key on some page', async () => {
    const deps = reviewed();
    const keys = Array.from({ length: 30 }, (_, i) =>
      liveKey(deps, {
        holder: `UHOLDER${String(i).padStart(3, '0')}`,
        accessKeyId: `AKIAMANY${String(i).padStart(12, '0')}`,
        reason: 'x'.repeat(300),
      }),
    );
    await sweepReviews(deps);
    const stored = campaign(deps);

    const pages = [0, 1, 2, 3].map((page) =>
      reviewerMessage({
        campaign: stored,
        viewerId: ALEX,
        page,
        decidable: Object.keys(stored.entries),
        now: deps.clock.now().toISOString(),
      }),
    );

    for (const page of pages) expect(blockKitBreaches(page.blocks, 'message')).toEqual([]);
    const shown = pages.slice(0, 3).map((p) => JSON.stringify(p.blocks));
    for (const key of keys) expect(shown.filter((text) => text.includes(key.accessKeyId))).toHaveLength(1);
    expect(shown[0]).toContain('Next › (page 2 of 3)');
    expect(JSON.stringify(pages[3]?.blocks)).toBe(shown[2]);
  });

  it('shows a reviewer the keys waiting for them in App Home, within its limits', async () => {
    const { deps, riley } = await opened();
    await decideReview(deps, decide(ALEX, riley.grant.grantId, true));

    const views = await reviewsForHome(deps, BLAKE);
    const none = await reviewsForHome(deps, SAM);

    expect(views.map((v) => v.decidable)).toEqual([[expect.not.stringMatching(riley.grant.grantId)]]);
    expect(none).toEqual([]);
  });

  it('draws the reviewer’s App Home with Keep and Revoke on the keys waiting, within 100 blocks', async () => {
    const { deps } = await opened();

    await publishHome(deps, ALEX);

    const [home] = deps.messenger.callsOf('publishHome');
    expect(blockKitBreaches(home?.message?.blocks, 'home')).toEqual([]);
    const text = JSON.stringify(home?.message?.blocks);
    expect(text).toContain('Access reviews waiting for you* (2)');
    expect(text.match(/"review_keep"/g)).toHaveLength(2);
  });

  it('pages a reviewer’s DM on request, for the campaign’s reviewers only', async () => {
    const { deps } = await opened();
    const page = { kind: 'accessReviewPage' as const, campaignId: CAMPAIGN, page: 0, responseUrl: URL };

    const shown = await showReviewPage(deps, { ...page, userId: BLAKE });
    const refused = await showReviewPage(deps, { ...page, userId: SAM });
    const unknown = await showReviewPage(deps, {
      ...page,
      userId: BLAKE,
      campaignId: campaignIdFor(BUCKET, 5),
    });

    expect(shown.kind === 'review_page' && shown.view.decidable).toHaveLength(2);
    expect(refused.kind).toBe('review_page_refused');
    expect(events(deps, 'refused_not_auditor')).toHaveLength(1);
    expect(unknown.kind).toBe('review_unknown');
  });
});
