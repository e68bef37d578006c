import { type ChainVerdict, ChainWalk } from '../../domain/audit-chain.js';
import { type EvidenceVerdict, EvidenceWalk } from '../../domain/audit-verification.js';
import type { Job } from '../../ports/job-queue.js';
import type { ServiceDependencies } from '../dependencies.js';
import { isAuditor } from '../request/approvers.js';
import { record } from './audit-record.js';
import { type AuditEvidence, evidenceOf } from './evidence.js';
import { nameOf, readCheckpoints } from './read-checkpoints.js';

type VerifyJob = Extract<Job, { kind: 'auditVerify' }>;

/** What `audit verify` found: against the signed checkpoints, or (none configured) the chain alone. */
export type VerifyOutcome =
  | { kind: 'not_an_auditor' }
  | { kind: 'evidence_verified'; verdict: EvidenceVerdict; location: string; since?: string }
  | { kind: 'chain_verified'; verdict: ChainVerdict; since?: string };

/**
 * `/bucket-key audit verify [--since 30d]`: checks the chain against the signed checkpoints in the
 * Object Lock bucket (each signature with the public key, their unbroken chain, their ranges, and
 * each signed head against the event at its seq), trusting nothing the audit table says about
 * itself. With `--since`, it starts from the newest checkpoint signed before then, so it costs in
 * proportion to the events since that checkpoint. Without checkpoints configured, it walks the
 * chain alone against the heads posted to Slack.
 */
export async function verifyAudit(deps: ServiceDependencies, job: VerifyJob): Promise<VerifyOutcome> {
  if (!(await isAuditor(deps, job.userId))) {
    await refuseAuditor(deps, job.userId, 'audit verify');
    return { kind: 'not_an_auditor' };
  }
  const since = job.since ? { since: job.since } : {};
  const evidence = evidenceOf(deps);
  if (!evidence) return { kind: 'chain_verified', verdict: await walkChainAlone(deps, job.since), ...since };
  const verdict = await verifyAgainstCheckpoints(deps, evidence, job.since);
  deps.logger.info('audit verified', {
    verdict: verdict.kind,
    checked: verdict.checked,
    checkpoints: verdict.checkpoints,
  });
  return { kind: 'evidence_verified', verdict, location: evidence.archive.location, ...since };
}

/** The events since the anchor (or all), oldest first, against every checkpoint from the anchor on. */
export async function verifyAgainstCheckpoints(
  deps: Pick<ServiceDependencies, 'audit'>,
  evidence: AuditEvidence,
  since?: string,
): Promise<EvidenceVerdict> {
  const keys = await evidence.archive.keys();
  // The newest checkpoint signed before `since`, by its name; what it says is checked once read.
  const sinceMs = since ? Date.parse(since) : undefined;
  const anchorKey =
    sinceMs === undefined
      ? undefined
      : keys.filter((key) => Date.parse(nameOf(key)?.to ?? '') <= sinceMs).at(-1);
  const archive = { keys: async () => keys, read: (key: string) => evidence.archive.read(key) };
  const checkpoints = await readCheckpoints(archive, await evidence.key.publicKeyPem(), {
    retentionMs: evidence.retentionMs,
    ...(anchorKey ? { fromKey: anchorKey } : {}),
  });
  const anchor = checkpoints.find((c) => c.key === anchorKey && c.signed && !c.invalid)?.signed;
  const walk = new EvidenceWalk(
    anchor ? checkpoints : await allCheckpoints(checkpoints, anchorKey, archive, evidence),
    {
      start: anchor ? { afterCheckpoint: anchor.checkpoint.number } : 'genesis',
      expectHead: true,
      requireCovered: false,
    },
  );
  for await (const page of deps.audit.chainOldestFirst(anchor ? anchor.checkpoint.head.seq + 1 : undefined))
    for (const event of page) walk.add(event);
  return walk.finish();
}

/** The anchor could not be trusted: every checkpoint, from the first. */
async function allCheckpoints(
  read: Awaited<ReturnType<typeof readCheckpoints>>,
  anchorKey: string | undefined,
  archive: Parameters<typeof readCheckpoints>[0],
  evidence: AuditEvidence,
) {
  if (!anchorKey) return read;
  return readCheckpoints(archive, await evidence.key.publicKeyPem(), { retentionMs: evidence.retentionMs });
}

/** Without checkpoints: newest first, against the heads posted to Slack. */
async function walkChainAlone(deps: ServiceDependencies, since?: string): Promise<ChainVerdict> {
  const walk = new ChainWalk(await deps.audit.postedHeads());
  let reachedStart = true;
  outer: for await (const page of deps.audit.chainNewestFirst()) {
    for (const event of page) {
      walk.add(event);
      if (since && event.at < since) {
        reachedStart = false;
        break outer;
      }
    }
  }
  return walk.finish(reachedStart);
}

/** A non-auditor asked for the log's evidence: refused, and the refusal is itself recorded. */
export async function refuseAuditor(deps: ServiceDependencies, userId: string, what: string): Promise<void> {
  await record(deps, {
    type: 'refused_not_auditor',
    outcome: 'refused',
    actorId: userId,
    subjectUserId: userId,
    detail: what,
  });
}
