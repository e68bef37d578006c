import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { S3CheckpointArchive } from '../src/adapters/kms-s3/s3-checkpoint-archive.js';
import type { AuditEvent } from '../src/domain/audit-event.js';
import { type EvidenceVerdict, EvidenceWalk } from '../src/domain/audit-verification.js';
import { parseDuration } from '../src/domain/duration.js';
import { readCheckpoints } from '../src/services/audit/read-checkpoints.js';

const USAGE =
  'usage: npm run audit:verify -- --events export.jsonl --checkpoints s3://BUCKET/PREFIX --public-key key.pem [--require-lock 400d] [--s3-endpoint URL]';

/** What the auditor sees, and the exit code: 0 covered and intact, 1 a break (named), 2 bad usage or unreadable input. */
export interface VerifyRun {
  code: 0 | 1 | 2;
  lines: string[];
  verdict?: EvidenceVerdict;
}

/**
 * Verifies a JSONL export of the audit log against the signed checkpoints, without the bot: it needs
 * the export, read access to the checkpoint bucket (ListBucket, GetObject) and the KMS public key as
 * PEM (`aws kms get-public-key`). Every event must be intact and covered by a checkpoint whose
 * signature verifies; the checkpoints must form one unbroken chain.
 */
export async function runAuditVerify(argv: string[], env = process.env): Promise<VerifyRun> {
  const args = parseArgs({
    args: argv,
    options: {
      events: { type: 'string' },
      checkpoints: { type: 'string' },
      'public-key': { type: 'string' },
      'require-lock': { type: 'string' },
      's3-endpoint': { type: 'string' },
    },
    strict: true,
  }).values;
  const location = /^s3:\/\/([^/]+)\/?(.*)$/.exec(args.checkpoints ?? '');
  if (!args.events || !location || !args['public-key']) return { code: 2, lines: [USAGE] };
  const retentionMs = args['require-lock'] ? parseDuration(args['require-lock']) : undefined;
  if (args['require-lock'] && retentionMs === undefined)
    return { code: 2, lines: [`--require-lock takes a duration such as 400d. ${USAGE}`] };
  const parsed = parseEvents(readFileSync(args.events, 'utf8'));
  if ('error' in parsed) return { code: 1, lines: [parsed.error] };
  const endpoint = args['s3-endpoint'] ?? env.S3_ENDPOINT;
  const keys =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {};
  const s3 = new S3Client({
    region: env.AWS_REGION ?? 'us-east-1',
    ...keys,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
  try {
    const [, bucket = '', prefix = ''] = location;
    const archive = new S3CheckpointArchive(s3, bucket, prefix);
    const checkpoints = await readCheckpoints(archive, readFileSync(args['public-key'], 'utf8'), {
      ...(retentionMs === undefined ? {} : { retentionMs }),
    });
    const verdict = walk(parsed.events, checkpoints);
    return { code: verdict.kind === 'intact' ? 0 : 1, lines: describe(verdict, archive.location), verdict };
  } finally {
    s3.destroy();
  }
}

function parseEvents(text: string): { events: AuditEvent[] } | { error: string } {
  const events: AuditEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (!line) continue;
    try {
      events.push(JSON.parse(line) as AuditEvent);
    } catch {
      return { error: `BROKEN: line ${i + 1} of the export is not an event (not JSON)` };
    }
  }
  return { events };
}

/** From seq 1, or from the checkpoint whose head the export's first event follows. */
function walk(
  events: AuditEvent[],
  checkpoints: Awaited<ReturnType<typeof readCheckpoints>>,
): EvidenceVerdict {
  const first = events[0]?.seq ?? 1;
  const anchor = checkpoints.find((c) => !c.invalid && c.signed?.checkpoint.head.seq === first - 1)?.signed;
  const evidence = new EvidenceWalk(checkpoints, {
    start: first > 1 && anchor ? { afterCheckpoint: anchor.checkpoint.number } : 'genesis',
    expectHead: false,
    requireCovered: true,
  });
  for (const event of events) evidence.add(event);
  return evidence.finish();
}

function describe(verdict: EvidenceVerdict, location: string): string[] {
  const facts = `${verdict.checked} events, ${verdict.checkpoints} checkpoints from ${location}`;
  if (verdict.kind === 'intact')
    return [
      `OK: every event is intact and covered by a signed checkpoint (through seq ${verdict.coveredThrough}, newest #${verdict.latest?.number ?? '-'}); ${facts}`,
    ];
  const p = verdict.first;
  const why =
    'why' in p
      ? p.why
      : p.kind === 'uncovered'
        ? `events ${p.seq}–${p.lastSeq} follow the last checkpoint in the export`
        : `events ${p.seq}–${p.lastSeq} are missing`;
  return [`BROKEN at seq ${p.seq}: ${p.kind}: ${why}`, `${verdict.problems} problem(s); ${facts}`];
}

if (process.argv[1]?.endsWith('audit-verify.ts')) {
  runAuditVerify(process.argv.slice(2)).then(
    (run) => {
      for (const line of run.lines) (run.code === 0 ? console.log : console.error)(line);
      process.exitCode = run.code;
    },
    (error: unknown) => {
      console.error(`audit:verify could not run: ${(error as Error).message}`);
      process.exitCode = 2;
    },
  );
}
