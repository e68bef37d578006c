import { Policy } from '../../domain/policy.js';
import { policyHash, readPolicyDocument } from '../../domain/policy-document.js';
import { problemLines } from '../../domain/policy-problems.js';
import type { PolicyInForce, PolicyResolution, PolicyVersion } from '../../ports/policy-source.js';
import { describeError, newReference } from '../failures.js';
import { announceApplied, announceRefused } from './announce-policy.js';
import type { Judged, PolicyKeeperPorts } from './judged-version.js';

/** Verdicts remembered per container; SSM keeps 100 versions, so this holds all it could see. */
const REMEMBERED_VERDICTS = 200;

/**
 * The policy in force, kept across the jobs of one container. The rule every container follows, so
 * that they agree without talking: **the newest valid version is in force**. A version is judged once
 * (the same reading as `npm run policy:check`); a refused one is never applied, and each verdict goes
 * on the audit chain and to the approvers once (see announce-policy.ts). When the store cannot be
 * read, the version already in force stays; with none, nothing is applied and the job is refused.
 */
export class PolicyKeeper implements PolicyInForce {
  private applied: Judged | undefined;
  /** The current version this keeper last resolved: an unchanged read costs nothing more. */
  private resolvedFor: string | undefined;
  private judging: { key: string; resolution: Promise<PolicyResolution> } | undefined;
  private readonly verdicts = new Map<string, ReturnType<typeof readPolicyDocument>>();

  constructor(private readonly ports: PolicyKeeperPorts) {}

  async resolve(): Promise<PolicyResolution> {
    let current: PolicyVersion;
    try {
      current = await this.ports.source.current();
    } catch (error) {
      return this.unreadable(error);
    }
    const key = keyOf(current);
    if (this.resolvedFor === key) return this.inForce('invalid');
    // Jobs that run at once in one process (npm run serve) judge a new version once between them.
    if (this.judging?.key !== key) {
      const resolution = this.judge(current, key).finally(() => {
        if (this.judging?.key === key) this.judging = undefined;
      });
      this.judging = { key, resolution };
    }
    return this.judging.resolution;
  }

  private async judge(current: PolicyVersion, key: string): Promise<PolicyResolution> {
    let history: PolicyVersion[];
    try {
      history = await this.ports.source.history();
    } catch (error) {
      return this.unreadable(error);
    }
    const { chosen, previous, refused } = this.newestValid(withCurrent(history, current));
    for (const version of refused) await announceRefused(this.ports, version, chosen?.version.version);
    if (chosen && chosen.key !== this.applied?.key) {
      if (!(await announceApplied(this.ports, chosen, previous))) return this.inForce('unrecorded');
      this.applied = chosen;
    }
    this.resolvedFor = key;
    return this.inForce('invalid');
  }

  /** Walks the versions newest first: those refused above the newest valid one, it, and the one before it. */
  private newestValid(newestFirst: PolicyVersion[]): {
    chosen?: Judged;
    previous?: Judged;
    refused: Judged[];
  } {
    const refused: Judged[] = [];
    let chosen: Judged | undefined;
    for (const version of newestFirst) {
      const judged = this.judgeOne(version);
      if (!judged.policy) {
        if (!chosen) refused.push(judged);
        continue;
      }
      if (chosen) return { chosen, previous: judged, refused };
      chosen = judged;
    }
    return { ...(chosen ? { chosen } : {}), refused };
  }

  private judgeOne(version: PolicyVersion): Judged {
    const key = keyOf(version);
    let verdict = this.verdicts.get(key);
    if (!verdict) {
      verdict = readPolicyDocument(version.text, this.ports.defaults);
      if (this.verdicts.size >= REMEMBERED_VERDICTS) this.verdicts.clear();
      this.verdicts.set(key, verdict);
      if (!verdict.ok)
        this.ports.logger.error('policy version refused', {
          parameter: this.ports.source.name,
          version: version.version,
          problems: problemLines(verdict.problems),
        });
    }
    const sha256 = policyHash(version.text);
    if (!verdict.ok) return { key, version, sha256, problems: verdict.problems };
    const policy = new Policy(this.ports.defaults, verdict.file, {
      source: 'ssm',
      name: this.ports.source.name,
      version: version.version,
      sha256,
      ...(version.modifiedAt ? { modifiedAt: version.modifiedAt } : {}),
      ...(version.modifiedBy ? { modifiedBy: version.modifiedBy } : {}),
    });
    return { key, version, sha256, policy };
  }

  private inForce(otherwise: 'invalid' | 'unrecorded'): PolicyResolution {
    if (this.applied?.policy) return { kind: 'in_force', policy: this.applied.policy };
    const ref = newReference();
    this.ports.logger.error('no valid policy in force: job refused', { ref, reason: otherwise });
    return { kind: 'no_policy', reason: otherwise, ref };
  }

  private unreadable(error: unknown): PolicyResolution {
    if (this.applied?.policy) {
      this.ports.logger.warn('cannot read the policy; keeping the version in force', {
        version: this.applied.version.version,
        error: describeError(error),
      });
      return { kind: 'in_force', policy: this.applied.policy };
    }
    const ref = newReference();
    this.ports.logger.error('cannot read the policy, and no version is in force: job refused', {
      ref,
      error: describeError(error),
    });
    return { kind: 'no_policy', reason: 'unreadable', ref };
  }
}

const keyOf = (version: PolicyVersion) => `${version.version}#${policyHash(version.text)}`;

/** The history newest first, with the current read in it (it may be newer than the history's last page). */
function withCurrent(history: PolicyVersion[], current: PolicyVersion): PolicyVersion[] {
  const byVersion = new Map(history.map((version) => [version.version, version]));
  const known = byVersion.get(current.version);
  if (!known || keyOf(known) !== keyOf(current)) byVersion.set(current.version, current);
  return [...byVersion.values()]
    .filter((version) => version.version <= current.version)
    .sort((a, b) => b.version - a.version);
}
