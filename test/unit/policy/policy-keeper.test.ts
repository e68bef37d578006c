import { describe, expect, it } from 'vitest';
import { policyHash } from '../../../src/domain/policy-document.js';
import {
  type PolicySource,
  PolicySourceError,
  type PolicyVersion,
} from '../../../src/ports/policy-source.js';
import type { PolicyVersionRecords } from '../../../src/ports/policy-versions.js';
import { PolicyKeeper } from '../../../src/services/policy/policy-keeper.js';
import { FAKE_CHANNEL, fakeDependencies, textOf } from '../../support/fakes.js';

/** The parameter's versions in memory; `current` is the newest, as GetParameter answers. */
class MemorySource implements PolicySource {
  readonly name = '/p';
  readonly versions: PolicyVersion[] = [];
  down = false;
  put(text: string): number {
    const version = this.versions.length + 1;
    this.versions.push({ version, text, modifiedBy: `arn:aws:iam::1:user/v${version}` });
    return version;
  }
  async current() {
    if (this.down) throw new PolicySourceError('unreachable');
    const newest = this.versions.at(-1);
    if (!newest) throw new PolicySourceError('no such parameter');
    return { version: newest.version, text: newest.text };
  }
  async history() {
    if (this.down) throw new PolicySourceError('unreachable');
    return [...this.versions];
  }
}

/** The conditional write as DynamoPolicyVersionRecords makes it: one claim per version, a lapsed one retaken. */
class MemoryRecords implements PolicyVersionRecords {
  readonly items = new Map<string, { token: string; until: string; recordedAt?: string }>();
  async claim(v: { version: number; sha256: string }, c: { token: string; at: string; until: string }) {
    const key = `${v.version}#${v.sha256}`;
    const item = this.items.get(key);
    if (item && (item.recordedAt || item.until >= c.at)) return false;
    this.items.set(key, { token: c.token, until: c.until });
    return true;
  }
  async markRecorded(v: { version: number; sha256: string }, token: string, at: string) {
    const item = this.items.get(`${v.version}#${v.sha256}`);
    if (item?.token === token) item.recordedAt = at;
  }
  async release(v: { version: number; sha256: string }, token: string) {
    const key = `${v.version}#${v.sha256}`;
    if (this.items.get(key)?.token === token && !this.items.get(key)?.recordedAt) this.items.delete(key);
  }
}

const VALID = (approver: string) => `buckets:\n  media-assets: { approvers: [${approver}] }\n`;
const INVALID = 'buckets:\n  media-assets: { aprovers: [U0X] }\n';

function setUp() {
  const deps = fakeDependencies();
  const source = new MemorySource();
  const records = new MemoryRecords();
  const keeper = () =>
    new PolicyKeeper({
      source,
      records,
      defaults: { region: 'eu-west-2', approvers: ['UAPPROVER1'] },
      audit: deps.audit,
      notifier: deps.notifier,
      logger: deps.logger,
      clock: deps.clock,
    });
  const events = () => deps.audit.events.map((e) => [e.type, e.detail?.split(';')[0]]);
  const posts = () => deps.messenger.callsOf('post').filter((c) => c.to === FAKE_CHANNEL);
  return { deps, source, records, keeper, events, posts };
}

const versionOf = async (keeper: PolicyKeeper) => {
  const resolved = await keeper.resolve();
  return resolved.kind === 'in_force' && resolved.policy.provenance.source === 'ssm'
    ? resolved.policy.provenance.version
    : resolved.kind;
};

describe('the policy in force: the newest valid version', () => {
  it('on a cold start with an invalid newest version, applies the newest valid one below it', async () => {
    const { deps, source, keeper, events } = setUp();
    source.put(VALID('U0ONE'));
    source.put(VALID('U0TWO'));
    source.put(INVALID);

    expect(await versionOf(keeper())).toBe(2);
    expect(events()).toEqual([
      ['policy_rejected', '/p version 3'],
      ['policy_changed', '/p version 2'],
    ]);
    // The change of version 2 is told against version 1, the valid one before it.
    expect(deps.audit.events[1]?.detail).toContain('approvers added: U0TWO on media-assets');
  });

  it('records each verdict once, whichever container sees it first, and a second container agrees', async () => {
    const { deps, source, keeper, posts } = setUp();
    source.put(VALID('U0ONE'));
    const first = keeper();
    const second = keeper();
    expect(await Promise.all([versionOf(first), versionOf(second)])).toEqual([1, 1]);
    source.put(INVALID);
    expect(await Promise.all([versionOf(first), versionOf(second), versionOf(first)])).toEqual([1, 1, 1]);

    expect(deps.audit.events.map((e) => e.type)).toEqual(['policy_changed', 'policy_rejected']);
    expect(posts().map((c) => textOf(c))).toEqual([
      expect.stringContaining('Policy version 1'),
      expect.stringContaining('Policy version 2'),
    ]);
  });

  it('keeps the version it has when a new one cannot be recorded, and applies it once recording works', async () => {
    const { deps, source, keeper, events } = setUp();
    source.put(VALID('U0ONE'));
    const k = keeper();
    expect(await versionOf(k)).toBe(1);
    source.put(VALID('U0TWO'));
    deps.audit.failNextAppend(new Error('DynamoDB is down'));

    expect(await versionOf(k)).toBe(1);
    expect(deps.logger.messages('error')).toContain('could not record a policy version on the audit chain');
    expect(await versionOf(k)).toBe(2);
    expect(events()).toEqual([
      ['policy_changed', '/p version 1'],
      ['policy_changed', '/p version 2'],
    ]);
  });

  it('with nothing recorded and the chain down, fails closed: no policy, a reference', async () => {
    const { deps, source, keeper } = setUp();
    source.put(VALID('U0ONE'));
    deps.audit.failNextAppend(new Error('DynamoDB is down'));

    expect(await keeper().resolve()).toMatchObject({ kind: 'no_policy', reason: 'unrecorded' });
  });

  it('keeps the version in force while the source is down, and has none to keep on a cold start', async () => {
    const { deps, source, keeper } = setUp();
    source.put(VALID('U0ONE'));
    const warm = keeper();
    expect(await versionOf(warm)).toBe(1);
    source.down = true;

    expect(await versionOf(warm)).toBe(1);
    expect(deps.logger.messages('warn')).toContain('cannot read the policy; keeping the version in force');
    expect(await keeper().resolve()).toMatchObject({ kind: 'no_policy', reason: 'unreadable' });
  });

  it('treats a parameter created again (version 1, other text) as a new version', async () => {
    const { source, keeper, records } = setUp();
    source.put(VALID('U0ONE'));
    expect(await versionOf(keeper())).toBe(1);
    source.versions.length = 0;
    source.put(VALID('U0NEW'));

    expect(await versionOf(keeper())).toBe(1);
    expect([...records.items.keys()]).toEqual([
      `1#${policyHash(VALID('U0ONE'))}`,
      `1#${policyHash(VALID('U0NEW'))}`,
    ]);
  });
});
