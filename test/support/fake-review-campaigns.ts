import {
  campaignIdFor,
  type GoneWhy,
  type ReviewCampaign,
  ReviewConflictError,
  type ReviewDecision,
  type ReviewEntry,
} from '../../src/domain/review.js';
import type { CampaignPointer, ReviewCampaigns } from '../../src/ports/review-campaigns.js';

const clone = <T>(value: T): T => structuredClone(value);

type Method = keyof ReviewCampaigns;

/**
 * ReviewCampaigns in a Map, with DynamoReviewCampaigns' conditions (held to them by
 * test/integration/fake-review-campaigns-contract.test.ts). A failed condition throws
 * ReviewConflictError carrying the campaign as it is.
 */
export class FakeReviewCampaigns implements ReviewCampaigns {
  readonly items = new Map<string, ReviewCampaign>();
  readonly pointers = new Map<string, CampaignPointer>();
  private readonly failures = new Map<Method, unknown[]>();
  private readonly hooks = new Map<Method, Array<() => void | Promise<void>>>();

  /** The next call of `method` throws `error`. */
  failNext(method: Method, error: unknown = new Error(`${method} failed (scripted)`)): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  /** Runs `action` when `method` is next called, before it acts: someone else getting in first. */
  whenCalled(method: Method, action: () => void | Promise<void>): void {
    this.hooks.set(method, [...(this.hooks.get(method) ?? []), action]);
  }

  /** The stored campaign (a copy), failing the test when there is none. */
  campaign(campaignId: string): ReviewCampaign {
    const found = this.items.get(campaignId);
    if (!found) throw new Error(`no campaign ${campaignId} in the fake`);
    return clone(found);
  }

  private async enter(method: Method): Promise<void> {
    await this.hooks.get(method)?.shift()?.();
    const queue = this.failures.get(method);
    if (queue?.length) throw queue.shift();
  }

  private change(
    campaignId: string,
    condition: (c: ReviewCampaign) => boolean,
    apply: (c: ReviewCampaign) => void,
  ): ReviewCampaign {
    const current = this.items.get(campaignId);
    if (!current || !condition(current))
      throw new ReviewConflictError(
        `update campaign ${campaignId}: condition failed`,
        current ? clone(current) : undefined,
      );
    const next = clone(current);
    apply(next);
    this.items.set(campaignId, next);
    return clone(next);
  }

  private entry(campaign: ReviewCampaign, grantId: string): ReviewEntry | undefined {
    return Object.hasOwn(campaign.entries, grantId) ? campaign.entries[grantId] : undefined;
  }

  async get(campaignId: string) {
    await this.enter('get');
    const found = this.items.get(campaignId);
    return found ? clone(found) : undefined;
  }

  async latestOf(bucket: string) {
    await this.enter('latestOf');
    const found = this.pointers.get(bucket);
    return found ? clone(found) : undefined;
  }

  async open(campaign: ReviewCampaign) {
    await this.enter('open');
    const current = this.items.get(campaign.campaignId);
    if (!current) this.items.set(campaign.campaignId, clone(campaign));
    const stored = current ?? campaign;
    const pointer = this.pointers.get(stored.bucket);
    if (!pointer || pointer.number < stored.number)
      this.pointers.set(stored.bucket, {
        number: stored.number,
        campaignId: stored.campaignId,
        openedAt: stored.openedAt,
      });
    return { opened: !current, campaign: clone(stored) };
  }

  async listOpen() {
    await this.enter('listOpen');
    return [...this.items.values()]
      .filter((c) => c.state === 'OPEN')
      .sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0))
      .map(clone);
  }

  async recent(bucket: string, limit: number) {
    await this.enter('recent');
    const latest = this.pointers.get(bucket);
    const found: ReviewCampaign[] = [];
    for (let n = latest?.number ?? 0; n >= 1 && found.length < limit; n--) {
      const campaign = this.items.get(campaignIdFor(bucket, n));
      if (campaign) found.push(clone(campaign));
    }
    return found;
  }

  async decide(
    campaignId: string,
    grantId: string,
    decision: ReviewDecision,
    options: { before?: string } = {},
  ) {
    await this.enter('decide');
    return this.change(
      campaignId,
      (c) => {
        const entry = this.entry(c, grantId);
        const inTime = options.before === undefined || c.deadline > options.before;
        return c.state === 'OPEN' && !!entry && !entry.decision && !entry.gone && inTime;
      },
      (c) => {
        (c.entries[grantId] as ReviewEntry).decision = clone(decision);
      },
    );
  }

  async markGone(campaignId: string, grantId: string, gone: { at: string; why: GoneWhy }) {
    await this.enter('markGone');
    return this.change(
      campaignId,
      (c) => {
        const entry = this.entry(c, grantId);
        return c.state === 'OPEN' && !!entry && !entry.decision && !entry.gone;
      },
      (c) => {
        (c.entries[grantId] as ReviewEntry).gone = clone(gone);
      },
    );
  }

  async noteRevoke(campaignId: string, grantId: string, revoke: NonNullable<ReviewEntry['revoke']>) {
    await this.enter('noteRevoke');
    return this.change(
      campaignId,
      (c) => {
        const entry = this.entry(c, grantId);
        return !!entry?.decision && entry.decision.kind !== 'kept' && entry.revoke?.state !== 'done';
      },
      (c) => {
        (c.entries[grantId] as ReviewEntry).revoke = clone(revoke);
      },
    );
  }

  async claimNotice(campaignId: string, key: string, claim: { at: string; until: string }) {
    await this.enter('claimNotice');
    this.change(
      campaignId,
      (c) => {
        const notice = Object.hasOwn(c.notices, key) ? c.notices[key] : undefined;
        if (!notice) return true;
        return (
          notice.sentAt === undefined && notice.claimedUntil !== undefined && notice.claimedUntil < claim.at
        );
      },
      (c) => {
        c.notices[key] = { claimedUntil: claim.until };
      },
    );
  }

  async noticeSent(campaignId: string, key: string, at: string) {
    await this.enter('noticeSent');
    this.change(
      campaignId,
      (c) => Object.hasOwn(c.notices, key),
      (c) => {
        c.notices[key] = { sentAt: at };
      },
    );
  }

  async releaseNotice(campaignId: string, key: string, until: string) {
    await this.enter('releaseNotice');
    const notice = this.items.get(campaignId)?.notices[key];
    if (notice?.claimedUntil === until && notice.sentAt === undefined)
      delete this.items.get(campaignId)?.notices[key];
  }

  async close(campaignId: string, at: string) {
    await this.enter('close');
    return this.change(
      campaignId,
      (c) => c.state === 'OPEN',
      (c) => {
        c.state = 'CLOSED';
        c.closedAt = at;
      },
    );
  }
}
