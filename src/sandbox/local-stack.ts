import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalDynamoDb, startLocalDynamoDb } from './dynamodb/local-dynamodb.js';
import { LightsailEmulator } from './lightsail/lightsail-emulator.js';
import { SlackStandIn } from './slack/slack-standin.js';
import { demoWorkspace, type Workspace } from './slack/slack-workspace.js';

export const DEMO_SIGNING_SECRET = 'local-signing-secret';
export const DEMO_BOT_TOKEN = 'xoxb-local-demo-token';

/**
 * The playground's policy: two approvals on payments-ledger, break-glass for Riley on incident-logs.
 * Every default-region demo bucket is listed, so the sweeper still watches them all for unknown keys.
 */
export const DEMO_POLICY = `buckets:
  my-bucket: {}
  media-assets: {}
  nightly-backups: {}
  legacy-archive: {}
  payments-ledger:
    approvalsRequired: 2
    reminders: { after: 1h, times: 2, escalateTo: [UAUDITOR01] }
  incident-logs:
    breakGlass: { allowed: [UREQUESTER], maxPerDay: 1, keyMaxAge: 4h }
`;

export interface LocalStack {
  dynamo: LocalDynamoDb;
  lightsail: LightsailEmulator;
  slack: SlackStandIn;
  workspace: Workspace;
  /** The environment the bot reads, pointing at the stand-ins. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The stand-ins `npm start` runs: dynalite (kept in `dataDir` unless fresh), the Lightsail
 * emulator with demo buckets (one already full), and the Slack stand-in with a demo workspace.
 */
export async function startLocalStack(
  options: { dataDir?: string; fresh?: boolean } = {},
): Promise<LocalStack> {
  if (options.dataDir && options.fresh) rmSync(options.dataDir, { recursive: true, force: true });
  const dynamo = await startLocalDynamoDb(options.dataDir ? { path: options.dataDir } : {});
  const lightsail = new LightsailEmulator();
  await lightsail.start();
  // The name the docs and the help text use, so the first command anyone tries works as written.
  lightsail.state.addBucket('my-bucket');
  lightsail.state.addBucket('media-assets');
  lightsail.state.addBucket('nightly-backups');
  lightsail.state.addBucket('analytics-exports', 'eu-west-1');
  const full = lightsail.state.addBucket('legacy-archive');
  lightsail.state.addKey(full.name, {
    lastUsedDate: new Date(Date.now() - 3 * 86_400_000),
    lastUsedRegion: 'us-east-1',
    lastUsedService: 's3',
  });
  lightsail.state.addKey(full.name);
  // The approval rules on buckets of their own, so the plain demo buckets keep one-click approval.
  lightsail.state.addBucket('payments-ledger');
  lightsail.state.addBucket('incident-logs');
  const policyDir = mkdtempSync(join(tmpdir(), 'bucket-key-demo-policy-'));
  const policyPath = join(policyDir, 'policy.yml');
  writeFileSync(policyPath, DEMO_POLICY);
  const workspace = demoWorkspace(DEMO_BOT_TOKEN);
  const slack = new SlackStandIn(workspace);
  await slack.start();
  return {
    dynamo,
    lightsail,
    slack,
    workspace,
    env: {
      SLACK_SIGNING_SECRET: DEMO_SIGNING_SECRET,
      SLACK_BOT_TOKEN: DEMO_BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      AWS_REGION: 'us-east-1',
      LIGHTSAIL_ENDPOINT: lightsail.url,
      DYNAMODB_ENDPOINT: dynamo.url,
      APPROVAL_CHANNEL_ID: 'CAPPROVALS',
      APPROVER_IDS: 'UAPPROVER1,UAPPROVER2',
      AUDITOR_IDS: 'UAUDITOR01',
      BUCKET_KEY_POLICY: policyPath,
    },
    stop: async () => {
      await Promise.all([slack.stop(), lightsail.stop(), dynamo.stop()]);
      rmSync(policyDir, { recursive: true, force: true });
    },
  };
}
