import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../src/adapters/dynamodb/dynamo-audit-log.js';
import { DynamoBreakGlassLedger } from '../../src/adapters/dynamodb/dynamo-break-glass-ledger.js';
import { DynamoGrantStore } from '../../src/adapters/dynamodb/dynamo-grant-store.js';
import { DynamoRequestStore } from '../../src/adapters/dynamodb/dynamo-request-store.js';
import { DynamoUnknownKeySightings } from '../../src/adapters/dynamodb/dynamo-unknown-key-sightings.js';
import { ensureTables } from '../../src/adapters/dynamodb/ensure-tables.js';
import type { AccessRequest } from '../../src/domain/access-request.js';
import { GrantConflictError, StateConflictError } from '../../src/domain/errors.js';
import type { Grant } from '../../src/domain/grant.js';
import { requestIdFor } from '../../src/domain/request-id.js';
import type { LocalDynamoDb } from '../../src/sandbox/dynamodb/local-dynamodb.js';
import { DYNAMO_BACKENDS, startDynamoBackend } from '../support/dynamo-backends.js';
import { ManualClock } from '../support/manual-clock.js';

const HOUR = 3_600_000;

/** The DynamoDB adapters against each backend: any behaviour in which the two differ fails here. */
describe.each(DYNAMO_BACKENDS)('DynamoDB adapters, on %s', (backend) => {
  let dynamo: LocalDynamoDb;
  let client: DynamoDBClient;
  let db: DynamoDBDocumentClient;
  let store: DynamoRequestStore;
  let audit: DynamoAuditLog;
  let clock: ManualClock;
  let tableCount = 0;
  let requestsTable = '';

  beforeAll(async () => {
    dynamo = await startDynamoBackend(backend);
    client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: dynamo.url,
      credentials: { accessKeyId: 'adapters', secretAccessKey: 'adapters' },
    });
    db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  });
  afterAll(async () => {
    db?.destroy();
    await dynamo?.stop();
  });
  beforeEach(async () => {
    const names = { requests: `requests-${++tableCount}`, audit: `audit-${tableCount}` };
    await ensureTables(client, names);
    clock = new ManualClock(Date.parse('2026-11-01T10:00:00Z'));
    requestsTable = names.requests;
    store = new DynamoRequestStore(db, names.requests);
    audit = new DynamoAuditLog(db, names.audit, clock);
  });

  function pending(requesterId: string, bucket = 'media-assets', seq = 1): AccessRequest {
    const now = clock.now();
    return {
      requestId: requestIdFor(requesterId, bucket, seq),
      seq,
      requesterId,
      bucket,
      region: 'us-east-1',
      reason: 'adapter test',
      state: 'PENDING',
      createdAt: now.toISOString(),
      dueAt: new Date(now.getTime() + HOUR).toISOString(),
    };
  }

  async function conflictOf(write: Promise<unknown>): Promise<StateConflictError<AccessRequest>> {
    const error = await write.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StateConflictError);
    return error as StateConflictError<AccessRequest>;
  }

  it('refuses a second create of one id and hands back the stored request as plain values', async () => {
    const request = pending('UREQUESTER');
    await store.create(request);

    const conflict = await conflictOf(store.create({ ...request, reason: 'other' }));

    // Regression: DynamoDB returns ALL_OLD in its wire format, which the document client leaves as is.
    expect(conflict.current).toEqual(request);
  });

  it('makes one decision and tells the loser who decided', async () => {
    const request = pending('UREQUESTER');
    await store.create(request);
    const at = clock.now().toISOString();
    const expires = new Date(clock.now().getTime() + 2 * HOUR).toISOString();

    const decided = await store.decide(request.requestId, {
      approved: true,
      by: 'UAPPROVER1',
      at,
      approvalExpiresAt: expires,
    });
    const conflict = await conflictOf(
      store.decide(request.requestId, { approved: false, by: 'UAPPROVER2', at }),
    );

    expect(decided).toMatchObject({ state: 'APPROVED', decidedBy: 'UAPPROVER1', dueAt: expires });
    expect(conflict.current).toMatchObject({ state: 'APPROVED', decidedBy: 'UAPPROVER1' });
  });

  it('claims once, records the key, and releases or issues only with the claim token', async () => {
    const request = pending('UREQUESTER');
    await store.create(request);
    const at = clock.now().toISOString();
    const later = new Date(clock.now().getTime() + HOUR).toISOString();
    await store.decide(request.requestId, { approved: true, by: 'UAPPROVER1', at, approvalExpiresAt: later });

    await store.claim(request.requestId, 'UREQUESTER', { token: 'one', at, dueAt: later });
    const second = await conflictOf(
      store.claim(request.requestId, 'UREQUESTER', { token: 'two', at, dueAt: later }),
    );
    await store.recordKey(request.requestId, 'one', 'AKIAEXAMPLEKEY000001');
    const wrongToken = await conflictOf(store.markIssued(request.requestId, 'two', { at }));
    const released = await store.releaseClaim(request.requestId, 'one');

    expect(second.current).toMatchObject({ state: 'ISSUING', claimToken: 'one' });
    expect(wrongToken.current).toMatchObject({ accessKeyId: 'AKIAEXAMPLEKEY000001' });
    expect(released).toMatchObject({ state: 'APPROVED', dueAt: later });
    expect(released.accessKeyId).toBeUndefined();
    expect(released.claimToken).toBeUndefined();
  });

  it('lists what is due and what is open from the sparse state/deadline index, soonest first', async () => {
    const early = pending('UEARLY0001');
    clock.advance(10 * 60_000);
    const late = pending('ULATE00001');
    await store.create(late);
    await store.create(early);
    const done = pending('UDENIED001');
    await store.create(done);
    await store.decide(done.requestId, { approved: false, by: 'UAPPROVER1', at: clock.now().toISOString() });

    const beforeEither = new Date(Date.parse(early.dueAt ?? '') - 1).toISOString();
    const between = new Date(Date.parse(early.dueAt ?? '') + 1).toISOString();

    expect((await store.listOpen('PENDING', beforeEither, 10)).map((r) => r.requestId)).toEqual([
      early.requestId,
      late.requestId,
    ]);
    expect((await store.listDue('PENDING', between, 10)).map((r) => r.requestId)).toEqual([early.requestId]);
    expect(await store.listDue('DENIED', between, 10)).toEqual([]);
  });

  it('finds the records of keys among many requests on a bucket, over every page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const request = { ...pending(`UPERSON${String(i).padStart(4, '0')}`), reason: 'x'.repeat(300) };
      await store.create(request);
      if (i % 20 === 0) {
        const key = `AKIAEXAMPLEKEY${String(i).padStart(6, '0')}`;
        await store.decide(request.requestId, {
          approved: true,
          by: 'UAPPROVER1',
          at: clock.now().toISOString(),
          approvalExpiresAt: new Date(clock.now().getTime() + HOUR).toISOString(),
        });
        await store.claim(request.requestId, request.requesterId, {
          token: 't',
          at: clock.now().toISOString(),
          dueAt: new Date(clock.now().getTime() + HOUR).toISOString(),
        });
        await store.recordKey(request.requestId, 't', key);
        ids.push(key);
      }
    }

    const found = await store.recordsOfKeys('media-assets', [...ids, 'AKIANOTRECORDED00001']);

    expect(found.map((r) => r.accessKeyId).sort()).toEqual([...ids].sort());
  });

  it('finds the latest request through its index, and reads it again unless the index’s copy will do', async () => {
    await store.create(pending('UREQUESTER', 'media-assets', 1));
    await store.create(pending('UREQUESTER', 'media-assets', 2));
    const commands: string[] = [];
    const observed = DynamoDBDocumentClient.from(client);
    observed.middlewareStack.add(
      (next, context) => (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'observeCommands' },
    );
    const observedStore = new DynamoRequestStore(observed, requestsTable);
    const latest = async (indexedWillDo?: (indexed: AccessRequest) => boolean) => {
      commands.length = 0;
      const found = await observedStore.latestFor('UREQUESTER', 'media-assets', indexedWillDo);
      return { found, commands: [...commands] };
    };

    expect(await latest()).toEqual({
      found: pending('UREQUESTER', 'media-assets', 2),
      commands: ['QueryCommand', 'GetItemCommand'],
    });
    expect(await latest(() => false)).toMatchObject({ commands: ['QueryCommand', 'GetItemCommand'] });
    expect(await latest((indexed) => indexed.state === 'PENDING')).toEqual({
      found: pending('UREQUESTER', 'media-assets', 2),
      commands: ['QueryCommand'],
    });
  });

  it('lets one sweep at a time claim an unknown key, and reports it once', async () => {
    const at = clock.now().toISOString();
    const until = new Date(clock.now().getTime() + HOUR).toISOString();
    const key = ['media-assets', 'AKIAUNKNOWN000000001'] as const;
    const sightings = new DynamoUnknownKeySightings(db, requestsTable);

    await sightings.claim(...key, { token: 'a', at, until });
    const second = await sightings.claim(...key, { token: 'b', at, until }).catch((e: unknown) => e);
    // The lost claim carries the sighting as it is: another sweep's, until its claim runs out.
    expect(second).toBeInstanceOf(StateConflictError);
    expect((second as StateConflictError).current).toMatchObject({ claimToken: 'a', claimedUntil: until });
    await sightings.markReported(...key, 'a', at);
    const later = new Date(clock.now().getTime() + 2 * HOUR).toISOString();
    const reported = await sightings
      .claim(...key, { token: 'c', at: later, until: later })
      .catch((e: unknown) => e);
    expect((reported as StateConflictError).current).toMatchObject({ reportedAt: at });
    expect(await store.latestFor('UREQUESTER', 'media-assets')).toBeUndefined();
  });

  function grant(grantId: string, expiresAt?: string): Grant {
    return {
      grantId,
      holderId: 'UREQUESTER',
      bucket: 'media-assets',
      region: 'us-east-1',
      approvers: ['UAPPROVER1'],
      approvedAt: clock.now().toISOString(),
      ...(expiresAt ? { expiresAt } : {}),
      state: 'ACTIVE',
      requestIds: [grantId],
    };
  }

  it('opens a grant once, lets a rotation join it while it lives, and lists it until it is revoked', async () => {
    const grants = new DynamoGrantStore(db, requestsTable);
    const now = clock.now().toISOString();
    const ends = new Date(clock.now().getTime() + HOUR).toISOString();
    const opened = await grants.open(grant('REQ-GRANT001-1', ends));
    // A first claim tried again finds the grant as opened: its expiry stays.
    expect(await grants.open({ ...opened, expiresAt: undefined })).toEqual(opened);
    expect((await grants.attach(opened.grantId, 'REQ-GRANT001-2', now)).requestIds).toEqual([
      'REQ-GRANT001-1',
      'REQ-GRANT001-2',
    ]);
    await expect(grants.attach(opened.grantId, 'REQ-GRANT001-2', now)).rejects.toBeInstanceOf(
      GrantConflictError,
    );
    await expect(grants.attach(opened.grantId, 'REQ-GRANT001-3', ends)).rejects.toBeInstanceOf(
      GrantConflictError,
    );
    await grants.open(grant('REQ-GRANT002-1'));
    expect((await grants.live(now)).map((g) => g.grantId).sort()).toEqual([
      'REQ-GRANT001-1',
      'REQ-GRANT002-1',
    ]);

    const revoked = await grants.revoke(opened.grantId, { userId: 'UAPPROVER1', at: now });
    expect(revoked).toMatchObject({ state: 'REVOKED', revokedBy: 'UAPPROVER1' });
    expect(await grants.revoke(opened.grantId, { userId: 'UOTHER', at: now })).toMatchObject({
      revokedBy: 'UAPPROVER1',
    });
    const error = await grants.attach(opened.grantId, 'REQ-GRANT001-4', now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrantConflictError);
    expect((error as GrantConflictError).current?.state).toBe('REVOKED');
    expect((await grants.unfinishedRevocations(10)).map((g) => g.grantId)).toEqual([opened.grantId]);
    await grants.finishRevocation(opened.grantId);
    expect(await grants.unfinishedRevocations(10)).toEqual([]);
  });

  it('records one break-glass review per grant, and tells one of two sweeps about a de-listed bucket', async () => {
    const grants = new DynamoGrantStore(db, requestsTable);
    const at = clock.now().toISOString();
    const glass = await grants.open({ ...grant('REQ-GLASS001-1'), approvers: [], breakGlass: true });
    await expect(
      grants.markReviewed('REQ-GRANT404-1', { by: 'UA', at, revoked: false }),
    ).rejects.toBeInstanceOf(GrantConflictError);
    await grants.markReviewed(glass.grantId, { by: 'UAPPROVER2', at, revoked: true });
    const again = await grants.markReviewed(glass.grantId, { by: 'UA', at, revoked: false }).catch((e) => e);
    expect((again as GrantConflictError).current).toMatchObject({
      reviewedBy: 'UAPPROVER2',
      reviewRevoked: true,
    });

    const noted = await Promise.allSettled([
      grants.noteDelisted(glass.grantId, at),
      grants.noteDelisted(glass.grantId, at),
    ]);
    expect(noted.map((n) => n.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = noted.find((n) => n.status === 'rejected') as PromiseRejectedResult;
    expect((lost.reason as GrantConflictError).current).toMatchObject({ delistNoticedAt: at });
    await grants.forgetDelisted(glass.grantId, at);
    await expect(grants.noteDelisted(glass.grantId, at)).resolves.toBeUndefined();
  });

  it('takes break-glass uses from a consistent record: of ten at once with room for two, two succeed', async () => {
    const ledger = new DynamoBreakGlassLedger(db, requestsTable);
    const use = { at: clock.now().toISOString(), windowMs: 24 * HOUR, max: 2 };
    const takes = await Promise.all(
      Array.from({ length: 10 }, () => ledger.take('UREQUESTER', 'media-assets', use)),
    );
    expect(takes.filter((t) => t.taken)).toHaveLength(2);
    // A day later the window has room again.
    const tomorrow = { ...use, at: new Date(clock.now().getTime() + 24 * HOUR + 1).toISOString() };
    expect((await ledger.take('UREQUESTER', 'media-assets', tomorrow)).taken).toBe(true);
  });

  it('reads the audit log newest first, one page at a time, from a point in time', async () => {
    for (let i = 0; i < 25; i++) {
      await audit.append({
        type: 'request_created',
        outcome: 'ok',
        actorId: 'UREQUESTER',
        bucket: 'media-assets',
        detail: `event ${i}`,
      });
      clock.advance(60_000);
    }
    const since = new Date(Date.parse('2026-11-01T10:00:00Z') + 5 * 60_000).toISOString();
    const subject = { kind: 'bucket', bucket: 'media-assets' } as const;

    const first = await audit.query({ subject, pageSize: 10, since });
    const second = await audit.query({
      subject,
      pageSize: 10,
      since,
      ...(first.cursor ? { cursor: first.cursor } : {}),
    });
    const third = await audit.query({
      subject,
      pageSize: 10,
      since,
      ...(second.cursor ? { cursor: second.cursor } : {}),
    });

    const details = [...first.events, ...second.events, ...third.events].map((e) => e.detail);
    expect(details).toEqual(Array.from({ length: 20 }, (_, i) => `event ${24 - i}`));
    expect(third.events.length === 0 || third.cursor === undefined).toBe(true);
  });
});
