import { rmSync } from 'node:fs';
import { SsmStandIn } from './aws/ssm-standin.js';
import { type LocalDynamoDb, startLocalDynamoDb } from './dynamodb/local-dynamodb.js';
import { LightsailEmulator } from './lightsail/lightsail-emulator.js';
import { SlackStandIn } from './slack/slack-standin.js';
import { demoWorkspace, type Workspace } from './slack/slack-workspace.js';

export const DEMO_SIGNING_SECRET = 'local-signing-secret';
export const DEMO_BOT_TOKEN = 'xoxb-local-demo-token';

/**
 * The playground's policy: two approvals on payments-ledger, break-glass for Riley on incident-logs,
 * and an access review of team-reports (its approvers, Alex and Sam, re-confirm every key).
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
  team-reports:
    review: { every: 90d, deadline: 14d }
`;

/** Where the policy lives locally, as on Lambda: an SSM String parameter. */
export const DEMO_POLICY_PARAMETER = '/bucket-key/local/policy';

export interface LocalStack {
  dynamo: LocalDynamoDb;
  /** SSM Parameter Store, holding the policy (the playground's policy panel writes new versions). */
  ssm: SsmStandIn;
  lightsail: LightsailEmulator;
  slack: SlackStandIn;
  workspace: Workspace;
  /** The environment the bot reads, pointing at the stand-ins. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The stand-ins `npm start` runs: dynalite (kept in `dataDir` unless fresh), the Lightsail
 * emulator with demo buckets (one already full), the Slack stand-in with a demo workspace, and SSM
 * holding the policy as on Lambda (its versions kept beside `dataDir`).
 */
export async function startLocalStack(
  options: { dataDir?: string; fresh?: boolean } = {},
): Promise<LocalStack> {
  const ssmFile = options.dataDir ? `${options.dataDir}-ssm.json` : undefined;
  if (options.dataDir && options.fresh) {
    rmSync(options.dataDir, { recursive: true, force: true });
    if (ssmFile) rmSync(ssmFile, { force: true });
  }
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
  lightsail.state.addBucket('team-reports');
  const ssm = new SsmStandIn(ssmFile ? { dataFile: ssmFile } : {});
  await ssm.start();
  // The first version, as the stack creates it on a first deploy; later ones come from the panel.
  if (ssm.store.historyOf(DEMO_POLICY_PARAMETER).length === 0)
    ssm.store.put(
      { Name: DEMO_POLICY_PARAMETER, Value: DEMO_POLICY, Type: 'String' },
      'arn:aws:iam::123456789012:role/cloudformation-deploy',
    );
  const workspace = demoWorkspace(DEMO_BOT_TOKEN);
  const slack = new SlackStandIn(workspace);
  await slack.start();
  return {
    dynamo,
    ssm,
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
      SSM_ENDPOINT: ssm.url,
      BUCKET_KEY_POLICY_PARAM: DEMO_POLICY_PARAMETER,
    },
    stop: async () => {
      await Promise.all([slack.stop(), lightsail.stop(), dynamo.stop(), ssm.stop()]);
    },
  };
}
