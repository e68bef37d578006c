import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDynamoClient } from '../../src/entrypoints/build-dependencies.js';
import { type RunningServer, startServer } from '../../src/entrypoints/server.js';
import { type LocalStack, startLocalStack } from '../../src/sandbox/local-stack.js';
import { startPlayground } from '../../src/sandbox/playground/playground-server.js';
import { captureLogger } from '../support/harness.js';

const SHOTS = resolve(import.meta.dirname, '../../test-artifacts/screenshots');
/** The page refreshes every 700 ms and jobs run after each answer: allow a slow CI machine ample time. */
const POLL = { timeout: 15_000, interval: 100 };
const PEOPLE = { riley: 'UREQUESTER', alex: 'UAPPROVER1', sam: 'UAPPROVER2', ari: 'UAUDITOR01' } as const;

describe('the playground in Chromium: the whole flow as people meet it', () => {
  let stack: LocalStack;
  let bot: RunningServer;
  let playground: { url: string; stop(): Promise<void> };
  let context: BrowserContext;
  let page: Page;
  const profile = mkdtempSync(join(tmpdir(), 'bucket-key-chromium-'));

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startLocalStack();
    const config = loadConfig({ ...stack.env, LOG_LEVEL: 'WARN', PORT: '0' });
    bot = await startServer(config, { logger: captureLogger([]) });
    playground = await startPlayground({
      slack: stack.slack,
      lightsail: stack.lightsail,
      db: createDynamoClient(config),
      auditTable: config.tables.audit,
      botEventsUrl: `${bot.url}/slack/events`,
      signingSecret: String(stack.env.SLACK_SIGNING_SECRET),
      port: 0,
    });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
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
  }
  async function goTo(place: string) {
    await page.click(`.nav-item[data-place="${place}"]`);
  }
  async function type(text: string) {
    await page.fill('#text', text);
    await page.press('#text', 'Enter');
  }
  async function shot(name: string) {
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  }
  const messages = () => page.locator('#messages');

  it('runs request → approval → one-time secret → audit → two-key refusal', async () => {
    // The requester asks in their DM with the bot.
    await openAs('riley');
    await goTo('dm');
    await type('/bucket-key create media-assets nightly backups');
    await expect.poll(() => messages().innerText(), POLL).toContain('is waiting for approval by');
    await shot('01-requester-asks');

    // An approver sees the card in the approvers' channel and approves, through the confirmation dialog.
    await switchTo('alex');
    await goTo('CAPPROVALS');
    await expect.poll(() => messages().innerText(), POLL).toContain('asks for an access key to media-assets');
    await messages().locator('button[data-action-id="approve_request"]').last().click();
    await page.waitForSelector('#confirm[open]');
    await shot('02-approver-confirms');
    await page.click('#confirm-ok');
    await expect.poll(() => messages().innerText(), POLL).toContain('Approved by');
    await expect
      .poll(() => messages().locator('button[data-action-id="approve_request"]').count(), POLL)
      .toBe(0);
    await shot('03-approved-card');

    // The requester creates the key and sees the secret, once, only to them.
    await switchTo('riley');
    await goTo('dm');
    await expect.poll(() => messages().innerText(), POLL).toContain('approved your request');
    await messages().locator('button[data-action-id="create_key_now"]').last().click();
    await expect.poll(() => messages().innerText(), POLL).toContain('Secret access key');
    const secret = (await messages().locator('.ephemeral pre').last().innerText()).trim();
    expect(secret).toMatch(/^[A-Za-z0-9+/=]{40}$/);
    expect(stack.lightsail.issuedSecrets).toContain(secret);
    await expect
      .poll(() => messages().locator('.ephemeral').last().innerText())
      .toContain('Only visible to you');
    await shot('04-secret-once');

    // Nobody else ever sees it, anywhere they can look.
    for (const person of ['alex', 'sam', 'ari'] as const) {
      await switchTo(person);
      const items = page.locator('.nav-item');
      const places: string[] = [];
      for (let i = 0; i < (await items.count()); i++)
        places.push((await items.nth(i).getAttribute('data-place')) ?? '');
      for (const place of places) {
        await goTo(place);
        await page.waitForTimeout(150);
        expect(await page.locator('body').innerText()).not.toContain(secret);
      }
    }

    // After a reload the requester no longer sees it either.
    await openAs('riley');
    await goTo('dm');
    // The approval DM was replaced in place by a note without the secret; the ephemeral secret is gone.
    await expect.poll(() => messages().innerText(), POLL).toContain('is ready: the secret is in our DM');
    expect(await page.locator('body').innerText()).not.toContain(secret);
    expect(await messages().locator('button[data-action-id="create_key_now"]').count()).toBe(0);

    await shot('05-after-reload');

    // The auditor looks up the bucket's audit log.
    await switchTo('ari');
    await goTo('dm');
    await type('/bucket-key audit media-assets');
    await expect.poll(() => messages().innerText(), POLL).toContain('Audit log for bucket media-assets');
    await expect.poll(() => messages().innerText(), POLL).toContain('key issued');
    expect(await page.locator('body').innerText()).not.toContain(secret);
    await shot('06-auditor-lookup');

    // A bucket that already holds two keys refuses a third.
    await switchTo('riley');
    await goTo('dm');
    await type('/bucket-key create legacy-archive quarterly export');
    await expect.poll(() => messages().innerText(), POLL).toContain('is waiting for approval');
    await switchTo('sam');
    await goTo('CAPPROVALS');
    await expect.poll(() => messages().innerText(), POLL).toContain('legacy-archive');
    await messages().locator('button[data-action-id="approve_request"]').last().click();
    await page.click('#confirm-ok');
    await expect.poll(() => messages().innerText(), POLL).toContain('Approved by');
    await switchTo('riley');
    await goTo('dm');
    await type('/bucket-key create legacy-archive');
    await expect.poll(() => messages().innerText(), POLL).toContain('already holds 2 access keys');
    expect(stack.lightsail.state.buckets.get('legacy-archive')?.keys).toHaveLength(2);
    await shot('07-two-key-limit');

    // An approver decides from App Home, with the same buttons and rules as in the channel.
    await type('/bucket-key create nightly-backups restore drill');
    await expect.poll(() => messages().innerText(), POLL).toContain('nightly-backups');
    await switchTo('alex');
    await goTo('home');
    await expect.poll(() => messages().innerText(), POLL).toContain('Waiting for your decision (1)');
    await shot('08-approver-home');
    await messages().locator('button[data-action-id="approve_request"]').last().click();
    await page.click('#confirm-ok');
    await expect.poll(() => messages().innerText(), POLL).toContain('Waiting for your decision (0)');
  }, 120_000);
});
