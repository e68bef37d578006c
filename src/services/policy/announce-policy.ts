import { randomBytes } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../domain/audit-event.js';
import { describeChange, summarizeChange } from '../../domain/policy-changes.js';
import { problemLines } from '../../domain/policy-problems.js';
import { describeError } from '../failures.js';
import type { Judged, PolicyKeeperPorts } from './judged-version.js';

/** How long a worker holds a version's announcement: longer than a Lambda can run. */
const CLAIM_MS = 15 * 60_000;
/** The longest detail an event carries; the rest is counted, never silently cut. */
const DETAIL_MAX = 1800;

const versionId = (judged: Judged) => ({ version: judged.version.version, sha256: judged.sha256 });

function header(ports: PolicyKeeperPorts, judged: Judged): string {
  const by = judged.version.modifiedBy ?? 'unknown (SSM named no LastModifiedUser)';
  return `${ports.source.name} version ${judged.version.version}; sha256 ${judged.sha256}; set by ${by}`;
}

function capped(text: string): string {
  if (text.length <= DETAIL_MAX) return text;
  const note = ` … (${text.length - DETAIL_MAX} more characters)`;
  return `${text.slice(0, DETAIL_MAX - note.length)}${note}`;
}

/**
 * Puts a newly applied version on the chain as `policy_changed` (its version, the SHA-256 of its text,
 * who changed it, what changed against `previous`), and tells the approvers, once across every worker:
 * the claim is a conditional write. True when the version may be applied: recorded now, or claimed by
 * another worker that is recording it. False when the record could not be written: recording fails
 * closed, so the caller keeps the version it had.
 */
export async function announceApplied(
  ports: PolicyKeeperPorts,
  judged: Judged,
  previous: Judged | undefined,
): Promise<boolean> {
  const policy = judged.policy;
  if (!policy) return false;
  const change = summarizeChange(previous?.policy, policy);
  const recorded = await recordOnce(ports, judged, 'applied', {
    type: 'policy_changed',
    outcome: 'ok',
    actorId: SYSTEM_ACTOR,
    detail: capped(`${header(ports, judged)}; ${describeChange(change)}`),
  });
  if (recorded === 'failed') return false;
  if (recorded === 'ours')
    await ports.notifier.policyApplied({
      name: ports.source.name,
      version: judged.version.version,
      sha256: judged.sha256,
      ...(judged.version.modifiedBy ? { modifiedBy: judged.version.modifiedBy } : {}),
      ...(judged.version.modifiedAt ? { modifiedAt: judged.version.modifiedAt } : {}),
      change,
    });
  return true;
}

/** Puts a refused version on the chain as `policy_rejected` and tells the approvers, once. Never throws. */
export async function announceRefused(
  ports: PolicyKeeperPorts,
  judged: Judged,
  keptVersion: number | undefined,
): Promise<void> {
  const problems = judged.problems ?? [];
  const kept = keptVersion === undefined ? 'no version in force' : `version ${keptVersion} stays in force`;
  const recorded = await recordOnce(ports, judged, 'rejected', {
    type: 'policy_rejected',
    outcome: 'refused',
    actorId: SYSTEM_ACTOR,
    detail: capped(`${header(ports, judged)}; ${kept}; ${problemLines(problems).join('; ')}`),
  });
  if (recorded !== 'ours') return;
  await ports.notifier.policyRefused({
    name: ports.source.name,
    version: judged.version.version,
    sha256: judged.sha256,
    ...(judged.version.modifiedBy ? { modifiedBy: judged.version.modifiedBy } : {}),
    problems,
    ...(keptVersion === undefined ? {} : { keptVersion }),
  });
}

/**
 * Claim, append, mark: `ours` when this worker wrote the event, `theirs` when another worker has
 * (or is writing) it, `failed` when the event could not be written (the claim is given back, so the
 * next read tries again).
 */
async function recordOnce(
  ports: PolicyKeeperPorts,
  judged: Judged,
  verdict: 'applied' | 'rejected',
  event: Parameters<PolicyKeeperPorts['audit']['append']>[0],
): Promise<'ours' | 'theirs' | 'failed'> {
  const token = randomBytes(8).toString('hex');
  const now = ports.clock.now();
  const at = now.toISOString();
  const id = versionId(judged);
  try {
    const until = new Date(now.getTime() + CLAIM_MS).toISOString();
    if (!(await ports.records.claim({ ...id, verdict }, { token, at, until }))) return 'theirs';
    await ports.audit.append(event);
  } catch (error) {
    ports.logger.error('could not record a policy version on the audit chain', {
      version: id.version,
      verdict,
      error: describeError(error),
    });
    await ports.records.release(id, token).catch(() => undefined);
    return 'failed';
  }
  // The event is on the chain. Should this mark fail, the claim lapses and a later worker records
  // the version a second time: a duplicate on the chain, never a missing one.
  await ports.records.markRecorded(id, token, at).catch((error: unknown) =>
    ports.logger.warn('could not mark a policy version recorded', {
      version: id.version,
      error: describeError(error),
    }),
  );
  return 'ours';
}
