import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DeleteObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditVerify } from '../../scripts/audit-verify.js';
import { GENESIS_HASH, hashEvent } from '../../src/domain/audit-chain.js';
import { parseSignedCheckpoint, signatureIsValid } from '../../src/domain/audit-checkpoint.js';
import type { AuditEvent } from '../../src/domain/audit-event.js';
import { createDynamoClient } from '../../src/entrypoints/build-dependencies.js';
import { s3ClientFor } from '../../src/sandbox/aws/evidence-stack.js';
import { evidenceOf } from '../../src/services/audit/evidence.js';
import { type EvidenceBackend, startEvidenceBackend } from '../support/evidence.js';
import {
  APPROVAL_CHANNEL,
  APPROVER,
  AUDITOR,
  type Harness,
  REQUESTER,
  startHarness,
  textOf,
} from '../support/harness.js';
import { ManualClock } from '../support/manual-clock.js';

const ROOT = resolve(import.meta.dirname, '../..');
const HOUR = 3_600_000;

describe('signed checkpoints in S3 Object Lock, with KMS (moto)', () => {
  let evidence: EvidenceBackend;
  let h: Harness;
  let db: DynamoDBDocumentClient;
  let dir: string;
  const clock = new ManualClock(Date.parse('2026-11-01T09:00:00Z'));

  beforeAll(async () => {
    evidence = await startEvidenceBackend();
    h = await startHarness({ LOG_LEVEL: 'ERROR', ...evidence.env }, { clock });
    db = createDynamoClient(h.config);
    dir = mkdtempSync(join(tmpdir(), 'bucket-key-evidence-'));
    await run(REQUESTER, 'create media-assets quarterly numbers');
    for (let i = 0; i < 5; i++)
      await h.bot.deps.audit.append({
        type: 'key_revoked',
        outcome: 'ok',
        actorId: APPROVER,
        bucket: 'media-assets',
        detail: `revoke ${i}`,
      });
  }, 120_000);
  afterAll(async () => {
    db?.destroy();
    await h?.stop();
    await evidence?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function run(userId: string, text: string): Promise<string> {
    await h.command(userId, text);
    await h.settle();
    return textOf(h.lastAnswerTo(userId));
  }
  const archive = () => {
    const found = evidenceOf(h.bot.deps);
    if (!found) throw new Error('checkpoints are not configured');
    return found.archive;
  };
  async function chain(): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    for await (const page of h.bot.deps.audit.chainOldestFirst()) events.push(...page);
    return events;
  }
  async function publicKeyFile(): Promise<string> {
    const path = join(dir, 'key.pem');
    writeFileSync(path, await (evidenceOf(h.bot.deps)?.key.publicKeyPem() ?? Promise.resolve('')));
    return path;
  }

  it('signs the hourly checkpoint from the sweep, stores it locked, and names it in the daily head post', async () => {
    const report = await h.sweep();
    expect(report.chainHeadsPosted).toBe(1);
    const keys = await archive().keys();
    expect(keys).toHaveLength(1);
    const object = await archive().read(keys[0] as string);
    expect(object.lock?.mode).toBe('COMPLIANCE');
    const signed = parseSignedCheckpoint(object.body);
    expect(signed?.checkpoint).toMatchObject({
      number: 1,
      firstSeq: 1,
      previousSignature: null,
      trigger: 'hourly',
      from: null,
    });
    expect(signatureIsValid(signed!, await evidenceOf(h.bot.deps)!.key.publicKeyPem())).toBe(true);
    const events = await chain();
    const covered = events.filter((e) => e.seq <= (signed?.checkpoint.head.seq ?? 0));
    expect(signed?.checkpoint.eventCount).toBe(covered.length);
    expect(signed?.checkpoint.head.hash).toBe(covered.at(-1)?.hash);
    expect(events.map((e) => e.type)).toContain('checkpoint_signed');
    const post = h.slack.messages
      .filter((m) => m.channel === APPROVAL_CHANNEL && m.text.includes('Audit log head'))
      .at(-1);
    expect(textOf(post)).toContain('Newest signed checkpoint: #1');
    // Within the hour a sweep signs nothing more.
    clock.advance(10 * 60_000);
    await h.sweep();
    expect(await archive().keys()).toHaveLength(1);
    clock.advance(HOUR);
    await h.sweep();
    expect(await archive().keys()).toHaveLength(2);
  });

  it('signs on demand for an approver, and refuses (and records) anyone else', async () => {
    expect(await run(REQUESTER, 'audit checkpoint')).toContain('Only approvers may sign');
    const answer = await run(APPROVER, 'audit checkpoint');
    expect(answer).toContain('Checkpoint #3 signed');
    const third = parseSignedCheckpoint((await archive().read((await archive().keys())[2] as string)).body);
    const second = parseSignedCheckpoint((await archive().read((await archive().keys())[1] as string)).body);
    expect(third?.checkpoint).toMatchObject({
      trigger: 'on_demand',
      requestedBy: APPROVER,
      previousSignature: second?.signature,
    });
    expect(third?.checkpoint.firstSeq).toBe((second?.checkpoint.head.seq ?? 0) + 1);
    const refused = (await chain()).filter(
      (e) => e.type === 'refused_not_approver' && e.detail === 'audit checkpoint',
    );
    expect(refused.map((e) => e.actorId)).toEqual([REQUESTER]);
  });

  it('verifies the chain against the checkpoints: intact, and from a recent checkpoint only the events since', async () => {
    await h.bot.deps.audit.append({
      type: 'key_revoked',
      outcome: 'ok',
      actorId: APPROVER,
      bucket: 'media-assets',
      detail: 'after the checkpoints',
    });
    const full = await run(AUDITOR, 'audit verify');
    expect(full).toContain('intact and matches its signed checkpoints');
    expect(full).toMatch(/newer events? (is|are) intact but not yet signed/);
    const events = await chain();
    const latest = parseSignedCheckpoint(
      (await archive().read((await archive().keys()).at(-1) as string)).body,
    );
    clock.advance(60_000);
    const recent = await run(AUDITOR, 'audit verify --since 1m');
    const since = events.filter((e) => e.seq > (latest?.checkpoint.head.seq ?? 0));
    expect(recent).toContain(`${since.length} events and 1 signed checkpoint checked`);
    expect(recent).toContain(`seq ${(latest?.checkpoint.head.seq ?? 0) + 1} on`);
  });

  it('refuses to delete a checkpoint: Object Lock (COMPLIANCE)', async () => {
    const s3 = s3ClientFor(evidence.moto.url);
    try {
      const [key] = await archive().keys();
      const versions = await s3.send(
        new ListObjectVersionsCommand({ Bucket: evidence.stack.bucket, Prefix: key }),
      );
      const versionId = versions.Versions?.[0]?.VersionId;
      await expect(
        s3.send(new DeleteObjectCommand({ Bucket: evidence.stack.bucket, Key: key, VersionId: versionId })),
      ).rejects.toMatchObject({ name: 'AccessDenied' });
      expect(await archive().keys()).toContain(key);
    } finally {
      s3.destroy();
    }
  });

  it('passes an untouched export offline, and names the first edited row', async () => {
    const before = new Set(h.slack.uploads.files.keys());
    const answer = await run(AUDITOR, 'audit export all --format jsonl');
    expect(answer).toContain('the head of checkpoint #');
    const file = [...h.slack.uploads.files.values()].filter((f) => !before.has(f.id));
    const content = file.map((f) => String(f.content)).join('');
    const exported = join(dir, 'export.jsonl');
    writeFileSync(exported, content);
    const args = [
      '--events',
      exported,
      '--checkpoints',
      `s3://${evidence.stack.bucket}/checkpoints/`,
      '--public-key',
      await publicKeyFile(),
    ];
    const env = {
      ...process.env,
      S3_ENDPOINT: evidence.moto.url,
      AWS_ACCESS_KEY_ID: 'auditor',
      AWS_SECRET_ACCESS_KEY: 'auditor',
    };
    // The script as an auditor runs it: its exit code and what it prints.
    const ok = await promisify(execFile)('npx', ['tsx', 'scripts/audit-verify.ts', ...args], {
      cwd: ROOT,
      env,
    });
    expect(ok.stdout).toContain('OK: every event is intact and covered');
    // The bucket reports each checkpoint's lock to a reader allowed to see it: COMPLIANCE, 400 days.
    const locked = await runAuditVerify([...args, '--require-lock', '400d'], env);
    expect(locked.lines.join('\n')).toContain('OK');
    expect(locked.code).toBe(0);
    const lines = content.trimEnd().split('\n');
    const target = JSON.parse(lines[3] as string) as AuditEvent;
    lines[3] = JSON.stringify({ ...target, detail: 'rewritten by hand' });
    writeFileSync(exported, `${lines.join('\n')}\n`);
    const broken = await promisify(execFile)('npx', ['tsx', 'scripts/audit-verify.ts', ...args], {
      cwd: ROOT,
      env,
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(broken?.code).toBe(1);
    expect(broken?.stderr).toContain(`BROKEN at seq ${target.seq}: edited`);
  }, 60_000);

  it('fails verify for a chain rewritten and re-hashed, with its stored heads rewritten to match', async () => {
    const events = await chain();
    const table = h.config.tables.audit;
    // Someone with the worker's rights: seq 2 says something else, every later event re-linked and re-hashed.
    let prevHash = events[0]?.hash ?? GENESIS_HASH;
    for (const event of events.slice(1)) {
      const { hash: _hash, ...fields } = {
        ...event,
        prevHash,
        ...(event.seq === 2 ? { detail: 'nothing happened' } : {}),
      };
      const hash = hashEvent(fields as AuditEvent);
      await db.send(new PutCommand({ TableName: table, Item: { chain: 'events', ...fields, hash } }));
      prevHash = hash;
    }
    const heads = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'chain = :c',
        ExpressionAttributeValues: { ':c': 'posted-heads' },
      }),
    );
    for (const head of heads.Items ?? []) {
      const rewritten = (await chain()).find((e) => e.seq === head.headSeq);
      await db.send(new PutCommand({ TableName: table, Item: { ...head, headHash: rewritten?.hash } }));
    }
    const answer = await run(AUDITOR, 'audit verify');
    expect(answer).toContain('is *broken* at seq');
    expect(answer).toContain('*rewritten*');
    expect(answer).toMatch(/checkpoint #1 signed another event at seq \d+: the chain was rewritten/);
  });
});
