import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryMetrics } from '../../src/adapters/metrics/memory-metrics.js';
import { loadConfig } from '../../src/config.js';
import { createDynamoClient } from '../../src/entrypoints/build-dependencies.js';
import { type RunningServer, startServer } from '../../src/entrypoints/server.js';
import { type LocalStack, startLocalStack } from '../../src/sandbox/local-stack.js';
import { startPlayground } from '../../src/sandbox/playground/playground-server.js';
import { sweepInForce } from '../../src/worker/with-policy-in-force.js';
import { captureLogger } from '../support/harness.js';

const SHOTS = resolve(import.meta.dirname, '../../test-artifacts/screenshots');
/** The page refreshes every 700 ms and jobs run after each answer: allow a slow CI machine ample time. */
const POLL = { timeout: 15_000, interval: 100 };
/** The Slack stand-in's message counter, the part of a `ts` after the dot. */
const seqOf = (ts: string) => Number(ts.split('.')[1] ?? 0);
const PEOPLE = { riley: 'UREQUESTER', alex: 'UAPPROVER1', sam: 'UAPPROVER2', ari: 'UAUDITOR01' } as const;

describe('the playground in Chromium: the whole flow as people meet it', () => {
  let stack: LocalStack;
  let bot: RunningServer;
  const metrics = new MemoryMetrics();
  let playground: { url: string; stop(): Promise<void> };
  let context: BrowserContext;
  let page: Page;
  const profile = mkdtempSync(join(tmpdir(), 'bucket-key-chromium-'));
  /** Riley's key on media-assets (and its request) from the first test; the rotation step replaces it. */
  const rileysMedia = { requestId: '', keyId: '' };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startLocalStack();
    // As `npm start` does: the policy read on every job, so a version put from the panel shows at once.
    const config = loadConfig({ ...stack.env, POLICY_CACHE_SECONDS: '0', LOG_LEVEL: 'WARN', PORT: '0' });
    bot = await startServer(config, { logger: captureLogger([]), metrics });
    playground = await startPlayground({
      slack: stack.slack,
      lightsail: stack.lightsail,
      db: createDynamoClient(config),
      auditTable: config.tables.audit,
      requestsTable: config.tables.requests,
      metrics: () => metrics.totals(),
      botEventsUrl: `${bot.url}/slack/events`,
      signingSecret: String(stack.env.SLACK_SIGNING_SECRET),
      policy: { ssmUrl: stack.ssm.url, name: String(stack.env.BUCKET_KEY_POLICY_PARAM) },
      port: 0,
    });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.BUCKET_KEY_TEST_CHROMIUM || '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await playground?.stop();
    await bot?.stop();
    await stack?.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  async function openAs(person: keyof typeof PEOPLE) {
    await page.goto(`${playground.url}/?as=${PEOPLE[person]}`);
    await page.waitForSelector('.nav-item');
  }
  async function switchTo(person: keyof typeof PEOPLE) {
    await page.selectOption('#viewer', PEOPLE[person]);
    await page.waitForURL(`**/?as=${PEOPLE[person]}`);
    await expect.poll(() => page.locator('.nav-item.active').count(), POLL).toBe(1);
  }
  async function goTo(place: string) {
    await page.click(`.nav-item[data-place="${place}"]`);
    await expect.poll(() => page.locator(`.nav-item.active[data-place="${place}"]`).count(), POLL).toBe(1);
  }
  async function shot(name: string) {
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  }
  const messages = () => page.locator('#messages');
  /** The message (or Home section) that names this request id, and nothing older. */
  const messageNaming = (text: string) => messages().locator('article.message').filter({ hasText: text });
  const button = (actionId: string, value: string) =>
    messages().locator(`button[data-action-id="${actionId}"][data-value="${value}"]`);

  /** Where the Slack stand-in's message counter stands: every later message is this step's doing. */
  const counter = () => Math.max(0, ...stack.slack.messages.map((m) => seqOf(m.ts)));
  /** Text of the messages on the page posted after `since`: the answer to this step, not an older one. */
  const shownSince = (since: number) =>
    page.locator('#messages article.message').evaluateAll(
      (articles, after) =>
        articles
          .filter((a) => Number((a.getAttribute('data-ts') ?? '0.0').split('.')[1]) > after)
          .map((a) => (a as unknown as { innerText: string }).innerText)
          .join('\n'),
      since,
    );

  /** Types a command and waits for its own answer (the acknowledgement, replaced in place) to say `expected`. */
  async function command(text: string, expected: string): Promise<string> {
    const since = counter();
    await page.fill('#text', text);
    await page.press('#text', 'Enter');
    await expect.poll(() => shownSince(since), POLL).toContain(expected);
    return shownSince(since);
  }
  /** The request id that the answer to a `create` names. */
  async function create(text: string): Promise<string> {
    const answer = await command(text, 'is waiting for approval');
    const requestId = /REQ-[A-Z2-7]{8}-\d+/.exec(answer)?.[0];
    if (!requestId) throw new Error(`no request id in: ${answer}`);
    return requestId;
  }
  const stateOf = async (requestId: string) => (await bot.deps.requests.get(requestId))?.state;

  /** Approves one request through its own card's confirmation dialog, and waits until it is recorded. */
  async function approve(requestId: string, screenshot?: string) {
    await expect.poll(() => button('approve_request', requestId).count(), POLL).toBe(1);
    await button('approve_request', requestId).click();
    await page.waitForSelector('#confirm[open]');
    if (screenshot) await shot(screenshot);
    await page.click('#confirm-ok');
    await expect.poll(() => stateOf(requestId), POLL).toBe('APPROVED');
    await expect.poll(() => button('approve_request', requestId).count(), POLL).toBe(0);
  }

  /** The modal the bot opened for this person now (views.open at the Slack stand-in), once the page shows it. */
  async function modalOpenedFor(person: keyof typeof PEOPLE, before: string | undefined): Promise<string> {
    await expect.poll(() => stack.slack.viewOf(PEOPLE[person])?.id, POLL).not.toBe(before);
    const viewId = stack.slack.viewOf(PEOPLE[person])?.id ?? '';
    await expect.poll(() => page.locator(`#modal[open][data-view-id="${viewId}"]`).count(), POLL).toBe(1);
    return viewId;
  }
  const field = (blockId: string) => page.locator(`#modal .modal-input[data-block-id="${blockId}"]`);
  /** The request id that a message posted after `since` names. */
  async function requestIdShownSince(since: number): Promise<string> {
    await expect.poll(() => shownSince(since), POLL).toMatch(/REQ-[A-Z2-7]{8}-\d+/);
    return /REQ-[A-Z2-7]{8}-\d+/.exec(await shownSince(since))?.[0] ?? '';
  }

  it('runs request → approval → one-time secret → audit → two-key refusal', async () => {
    // The requester asks in their DM with the bot.
    await openAs('riley');
    await goTo('dm');
    const mediaRequest = await create('/bucket-key create media-assets nightly backups');
    await shot('01-requester-asks');

    // An approver sees that request's card in the approvers' channel and approves, through the dialog.
    await switchTo('alex');
    await goTo('CAPPROVALS');
    await expect.poll(() => messageNaming(mediaRequest).innerText(), POLL).toContain('media-assets');
    await approve(mediaRequest, '02-approver-confirms');
    await expect.poll(() => messageNaming(mediaRequest).innerText(), POLL).toContain('Approved by');
    await shot('03-approved-card');

    // The requester creates the key from the DM that names this request, and sees the secret once, only them.
    await switchTo('riley');
    await goTo('dm');
    await expect.poll(() => button('create_key_now', mediaRequest).count(), POLL).toBe(1);
    await button('create_key_now', mediaRequest).click();
    await expect.poll(() => stateOf(mediaRequest), POLL).toBe('ISSUED');
    const keyId = (await bot.deps.requests.get(mediaRequest))?.accessKeyId ?? '';
    Object.assign(rileysMedia, { requestId: mediaRequest, keyId });
    expect(stack.lightsail.state.buckets.get('media-assets')?.keys.map((k) => k.accessKeyId)).toEqual([
      keyId,
    ]);
    const secretMessage = messages().locator('article.ephemeral').filter({ hasText: 'Secret access key' });
    await expect.poll(() => secretMessage.filter({ hasText: keyId }).count(), POLL).toBe(1);
    const delivered = secretMessage.filter({ hasText: keyId });
    const secret = (await delivered.locator('pre').innerText()).trim();
    expect(secret).toMatch(/^[A-Za-z0-9+/=]{40}$/);
    expect(stack.lightsail.issuedSecrets).toContain(secret);
    expect(await delivered.innerText()).toContain('Only visible to you');
    // The side panel counts what CloudWatch would: this key among the keys issued.
    const issued = () => metrics.totals().counts.KeysIssued ?? 0;
    expect(issued()).toBeGreaterThanOrEqual(1);
    await expect
      .poll(() => page.locator('#metrics').innerText(), POLL)
      .toMatch(new RegExp(`KeysIssued\\s+${issued()}`));
    await shot('04-secret-once');

    // Nobody else ever sees it: not in anything the page is sent for them, nor on any screen they open.
    for (const person of ['alex', 'sam', 'ari'] as const) {
      const seen = await (await fetch(`${playground.url}/api/state?as=${PEOPLE[person]}`)).text();
      expect(seen).not.toContain(secret);
      await switchTo(person);
      const items = page.locator('.nav-item');
      const places: string[] = [];
      for (let i = 0; i < (await items.count()); i++)
        places.push((await items.nth(i).getAttribute('data-place')) ?? '');
      for (const place of places) {
        await goTo(place);
        expect(await page.locator('body').innerText()).not.toContain(secret);
      }
    }

    // After a reload the requester no longer sees it either: the approval DM now only says it is ready.
    await openAs('riley');
    await goTo('dm');
    await expect.poll(() => messageNaming(keyId).filter({ hasText: 'is ready' }).count(), POLL).toBe(1);
    expect(await page.locator('body').innerText()).not.toContain(secret);
    expect(await button('create_key_now', mediaRequest).count()).toBe(0);
    await shot('05-after-reload');

    // The auditor looks up the bucket's audit log.
    await switchTo('ari');
    await goTo('dm');
    const lookup = await command('/bucket-key audit media-assets', 'Audit log for bucket media-assets');
    expect(lookup).toContain('key issued');
    expect(await page.locator('body').innerText()).not.toContain(secret);
    await shot('06-auditor-lookup');

    // A bucket that already holds two keys refuses a third, once the approval is on record.
    await switchTo('riley');
    await goTo('dm');
    const legacyRequest = await create('/bucket-key create legacy-archive quarterly export');
    await switchTo('sam');
    await goTo('CAPPROVALS');
    await approve(legacyRequest);
    await expect.poll(() => messageNaming(legacyRequest).innerText(), POLL).toContain('Approved by');
    await switchTo('riley');
    await goTo('dm');
    await command('/bucket-key create legacy-archive', 'already holds 2 access keys');
    expect(stack.lightsail.state.buckets.get('legacy-archive')?.keys).toHaveLength(2);
    expect(await stateOf(legacyRequest)).toBe('APPROVED');
    await shot('07-two-key-limit');

    // An approver decides from App Home, with the same buttons and rules as in the channel.
    const drillRequest = await create('/bucket-key create nightly-backups restore drill');
    await switchTo('alex');
    await goTo('home');
    await expect.poll(() => messages().innerText(), POLL).toContain(drillRequest);
    await shot('08-approver-home');
    await approve(drillRequest);
    await expect.poll(() => messages().innerText(), POLL).not.toContain(drillRequest);
  }, 120_000);

  it('requests a key through the modal from App Home: type-ahead, a field error, then a request', async () => {
    await openAs('riley');
    await goTo('home');
    const openButton = messages().locator('button[data-action-id="open_request_modal"]');
    await expect.poll(() => openButton.count(), POLL).toBe(1);
    const before = stack.slack.viewOf(PEOPLE.riley)?.id;
    await openButton.click();
    const viewId = await modalOpenedFor('riley', before);
    expect(await page.locator('#modal .modal-title').innerText()).toBe('Request a key');

    // Typing asks the bot for options (a signed block_suggestion); only the matching bucket is offered.
    await field('bucket').locator('input').fill('my-b');
    const options = field('bucket').locator('.options[data-query="my-b"]:not([hidden]) .option');
    await expect.poll(() => options.count(), POLL).toBe(1);
    expect(await options.first().getAttribute('data-value')).toBe('my-bucket');
    await shot('09-modal-type-ahead');
    await options.first().click();
    expect(await field('bucket').locator('input').getAttribute('data-selected')).toBe('my-bucket');

    // A malformed lifetime: the bot answers `response_action: errors`, shown under that field only.
    await field('reason').locator('input').fill('restore test data');
    await field('lifetime').locator('input').fill('forever');
    await page.click('#modal .modal-submit');
    await expect.poll(() => field('lifetime').locator('.field-error:not([hidden])').count(), POLL).toBe(1);
    expect(await field('bucket').locator('.field-error:not([hidden])').count()).toBe(0);
    expect(stack.slack.openViews.has(viewId)).toBe(true);
    await shot('10-modal-field-error');

    // Fixed and submitted: `clear` closes the modal, and the request is in Riley's DM.
    await field('lifetime').locator('input').fill('');
    const since = counter();
    await page.click('#modal .modal-submit');
    await expect.poll(() => stack.slack.openViews.has(viewId), POLL).toBe(false);
    await expect.poll(() => page.locator('#modal[open]').count(), POLL).toBe(0);
    await goTo('dm');
    const requestId = await requestIdShownSince(since);
    expect(await bot.deps.requests.get(requestId)).toMatchObject({
      bucket: 'my-bucket',
      reason: 'restore test data',
      state: 'PENDING',
    });
    await shot('11-modal-request-in-dm');

    await switchTo('alex');
    await goTo('CAPPROVALS');
    await expect.poll(() => messageNaming(requestId).innerText(), POLL).toContain('my-bucket');
    await approve(requestId);
    await shot('12-modal-request-approved');
  }, 120_000);

  it('opens the same modal from the ⚡ shortcut menu, and Cancel closes it', async () => {
    await openAs('sam');
    await goTo('dm');
    const before = stack.slack.viewOf(PEOPLE.sam)?.id;
    await page.click('#shortcuts-button');
    await page.click('#shortcut-menu [data-callback-id="request_key"]');
    const viewId = await modalOpenedFor('sam', before);
    await shot('13-shortcut-modal');
    await page.click('#modal .modal-close');
    await expect.poll(() => stack.slack.openViews.has(viewId), POLL).toBe(false);
    await expect.poll(() => page.locator('#modal[open]').count(), POLL).toBe(0);
  }, 60_000);

  it('needs two approvals on payments-ledger: the first keeps the card open, the second approves', async () => {
    await openAs('riley');
    await goTo('dm');
    const ledgerRequest = await create('/bucket-key create payments-ledger month-end reconciliation');

    await switchTo('alex');
    await goTo('CAPPROVALS');
    await expect.poll(() => button('approve_request', ledgerRequest).count(), POLL).toBe(1);
    await button('approve_request', ledgerRequest).click();
    await page.waitForSelector('#confirm[open]');
    await page.click('#confirm-ok');
    await expect
      .poll(async () => (await bot.deps.requests.get(ledgerRequest))?.approvals, POLL)
      .toEqual([PEOPLE.alex]);
    expect(await stateOf(ledgerRequest)).toBe('PENDING');
    // The card itself (not the ephemeral note to Alex, which names the request too).
    const card = messages().locator('article.message:not(.ephemeral)').filter({ hasText: ledgerRequest });
    await expect.poll(() => card.innerText(), POLL).toContain('1 of 2 approvals');
    expect(await button('approve_request', ledgerRequest).count()).toBe(1);
    await shot('14-quorum-one-of-two');

    await switchTo('sam');
    await goTo('CAPPROVALS');
    await approve(ledgerRequest);
    expect((await bot.deps.requests.get(ledgerRequest))?.approvals).toEqual([PEOPLE.alex, PEOPLE.sam]);
    await shot('15-quorum-approved');
  }, 120_000);

  it('rotates a key: the new secret once, only to Riley, and the old key RETIRING beside it', async () => {
    const { requestId, keyId } = rileysMedia;
    expect(await stateOf(requestId)).toBe('ISSUED');
    await openAs('riley');
    await goTo('dm');
    await page.fill('#text', `/bucket-key rotate media-assets ${keyId}`);
    await page.press('#text', 'Enter');
    await expect.poll(() => stateOf(requestId), POLL).toBe('RETIRING');
    const newKey = (await bot.deps.requests.get(requestId))?.replacedBy ?? '';
    expect(newKey).not.toBe('');
    expect(stack.lightsail.state.buckets.get('media-assets')?.keys.map((k) => k.accessKeyId)).toEqual(
      expect.arrayContaining([keyId, newKey]),
    );
    // The side panel still lists the old key, marked RETIRING, beside the new one.
    const oldKeyRow = page.locator(`#buckets .key[data-key-id="${keyId}"] .state-retiring`);
    await expect.poll(() => oldKeyRow.count(), POLL).toBe(1);
    await expect.poll(() => page.locator(`#buckets .key[data-key-id="${newKey}"]`).count(), POLL).toBe(1);
    const secretMessage = messages()
      .locator('article.ephemeral')
      .filter({ hasText: 'Secret access key' })
      .filter({ hasText: newKey });
    await expect.poll(() => secretMessage.count(), POLL).toBe(1);
    expect(await secretMessage.innerText()).toContain('Only visible to you');
    const secret = (await secretMessage.locator('pre').innerText()).trim();
    expect(stack.lightsail.issuedSecrets).toContain(secret);
    for (const person of ['alex', 'sam', 'ari'] as const) {
      const seen = await (await fetch(`${playground.url}/api/state?as=${PEOPLE[person]}`)).text();
      expect(seen).not.toContain(secret);
    }
    // The page redraws its messages every 700 ms, so scroll the list itself, not one (soon replaced) element.
    await messages().evaluate((list) => {
      list.scrollTop = list.scrollHeight;
    });
    await shot('16-rotation-new-secret');
  }, 60_000);

  it('breaks the glass, rotates the key, and Revoke now deletes both keys of that one grant', async () => {
    const keysOf = (bucket: string) =>
      stack.lightsail.state.buckets.get(bucket)?.keys.map((k) => k.accessKeyId) ?? [];
    await openAs('riley');
    await goTo('dm');
    await page.fill('#text', '/bucket-key create incident-logs --break-glass prod is down');
    await page.press('#text', 'Enter');
    const latest = () => bot.deps.requests.latestFor(PEOPLE.riley, 'incident-logs');
    await expect.poll(async () => (await latest())?.state, POLL).toBe('ISSUED');
    const broken = (await latest()) as NonNullable<Awaited<ReturnType<typeof latest>>>;
    const firstKey = broken.accessKeyId ?? '';

    // The rotation stays under the break-glass: same expiry, same review.
    await page.fill('#text', `/bucket-key rotate incident-logs ${firstKey}`);
    await page.press('#text', 'Enter');
    await expect.poll(() => stateOf(broken.requestId), POLL).toBe('RETIRING');
    const successor = (await latest()) as NonNullable<Awaited<ReturnType<typeof latest>>>;
    await expect.poll(async () => (await latest())?.state, POLL).toBe('ISSUED');
    expect((await latest())?.keyExpiresAt).toBe(broken.keyExpiresAt);
    const secondKey = (await latest())?.accessKeyId ?? '';
    expect(keysOf('incident-logs')).toEqual([firstKey, secondKey]);

    // An approver revokes the break-glass from its alert: both keys go, and the alert says so.
    await switchTo('alex');
    await goTo('CAPPROVALS');
    const revokeNow = button('break_glass_revoke', broken.requestId);
    await expect.poll(() => revokeNow.count(), POLL).toBe(1);
    await shot('17-break-glass-alert');
    await revokeNow.click();
    await page.waitForSelector('#confirm[open]');
    await page.click('#confirm-ok');
    await expect.poll(() => keysOf('incident-logs'), POLL).toEqual([]);
    await expect.poll(() => stateOf(successor.requestId), POLL).toBe('REVOKED');
    expect(await stateOf(broken.requestId)).toBe('REVOKED');
    const alert = messageNaming(broken.requestId).filter({ hasText: 'who revoked it' });
    await expect.poll(() => alert.count(), POLL).toBe(1);
    for (const key of [firstKey, secondKey]) expect(await alert.innerText()).toContain(key);
    await shot('18-break-glass-revoked');
  }, 90_000);

  it('puts a new policy version from the panel, and the approvers see it in force', async () => {
    await openAs('alex');
    await goTo('CAPPROVALS');
    await expect.poll(() => page.locator('.policy-head').innerText(), POLL).toContain('version 1');
    const text = await page.inputValue('#policy-text');
    await page.fill(
      '#policy-text',
      text.replace('  nightly-backups: {}', '  nightly-backups: { keyMaxAge: 7d }'),
    );
    await page.click('#policy-save');
    await expect.poll(() => page.locator('#policy-result').innerText(), POLL).toBe('version 2 put');
    await expect
      .poll(() => page.locator('.policy-head').innerText(), POLL)
      .toContain('version 2 · by user/alex');

    // The bot reads the policy on its next job: Riley's status is one.
    await switchTo('riley');
    await goTo('dm');
    await command('/bucket-key status', 'Your requests and keys');
    await switchTo('alex');
    await goTo('CAPPROVALS');
    const notice = messages().locator('article.message').filter({ hasText: 'Policy version 2' });
    await expect.poll(() => notice.count(), POLL).toBe(1);
    expect(await notice.innerText()).toContain('nightly-backups.keyMaxAge (unset) → 7d');
    await shot('19-policy-version-in-force');
  }, 60_000);

  it('runs an access review: Alex keeps Riley’s key and revokes another, and the report has both', async () => {
    const keysOn = () =>
      stack.lightsail.state.buckets.get('team-reports')?.keys.map((k) => k.accessKeyId) ?? [];
    /** A key on team-reports for `person`, approved by Sam: its request (the grant's id) and key id. */
    async function keyFor(person: keyof typeof PEOPLE) {
      await openAs(person);
      await goTo('dm');
      const requestId = await create('/bucket-key create team-reports quarterly numbers');
      await switchTo('sam');
      await goTo('CAPPROVALS');
      await approve(requestId);
      await switchTo(person);
      await goTo('dm');
      await expect.poll(() => button('create_key_now', requestId).count(), POLL).toBe(1);
      await button('create_key_now', requestId).click();
      await expect.poll(() => stateOf(requestId), POLL).toBe('ISSUED');
      return { requestId, keyId: (await bot.deps.requests.get(requestId))?.accessKeyId ?? '' };
    }
    const riley = await keyFor('riley');
    const ari = await keyFor('ari');

    // The sweeper opens the campaign (on Lambda it runs on a schedule; `npm start` every 30 seconds).
    const swept = await sweepInForce(bot.deps);
    expect('reviewsOpened' in swept && swept.reviewsOpened).toBe(1);
    const campaignId = 'REV-team-reports-1';
    const decided = async (grantId: string) =>
      (await bot.deps.campaigns.get(campaignId))?.entries[grantId]?.decision?.kind;

    await switchTo('alex');
    await goTo('dm');
    const keep = button('review_keep', `${campaignId} ${riley.requestId} 0`);
    await expect.poll(() => keep.count(), POLL).toBe(1);
    expect(await messageNaming(campaignId).first().innerText()).toContain(ari.keyId);
    await shot('20-access-review-dm');
    await keep.click();
    await expect.poll(() => decided(riley.requestId), POLL).toBe('kept');

    await button('review_revoke', `${campaignId} ${ari.requestId} 0`).click();
    await page.waitForSelector('#confirm[open]');
    await shot('21-access-review-revoke-confirm');
    await page.click('#confirm-ok');
    await expect.poll(() => decided(ari.requestId), POLL).toBe('revoked');
    await expect.poll(keysOn, POLL).toEqual([riley.keyId]);
    expect((await bot.deps.grants.get(ari.requestId))?.state).toBe('REVOKED');
    // The DM is redrawn in place as the campaign stands: both decided, by whom, no buttons left.
    await expect
      .poll(() => button('review_revoke', `${campaignId} ${ari.requestId} 0`).count(), POLL)
      .toBe(0);
    const dm = messageNaming(campaignId)
      .filter({ hasText: /Kept by/ })
      .filter({ hasText: /Revoked by/ });
    await expect.poll(() => dm.count(), POLL).toBe(1);
    expect(await messages().locator('button[data-action-id^="review_"]').count()).toBe(0);
    await shot('22-access-review-decided');

    // Each holder hears what became of their key.
    await switchTo('riley');
    await goTo('dm');
    await expect.poll(() => messages().innerText(), POLL).toContain('was kept by');
    await switchTo('ari');
    await goTo('dm');
    await expect.poll(() => messages().innerText(), POLL).toContain('was revoked by');
    await command(`/bucket-key review report ${campaignId}`, 'is in your DM');
    const report = [...stack.slack.uploads.files.values()].at(-1)?.content ?? '';
    expect(report).toContain(`"kept","${PEOPLE.alex}"`);
    expect(report).toContain(`"revoked","${PEOPLE.alex}"`);
  }, 120_000);
});
