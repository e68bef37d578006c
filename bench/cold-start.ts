import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, FUNCTIONS } from '../scripts/build.js';
import { apiGatewayV2Event } from '../src/sandbox/aws/api-gateway-event.js';
import { LambdaInvokeStandIn } from '../src/sandbox/aws/lambda-standin.js';
import { SsmStandIn } from '../src/sandbox/aws/ssm-standin.js';
import { signedHeaders, slashCommandBody } from '../src/sandbox/slack/signed-request.js';
import { SlackStandIn } from '../src/sandbox/slack/slack-standin.js';
import { demoWorkspace } from '../src/sandbox/slack/slack-workspace.js';
import { median } from './stats.js';

const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';

export interface ColdStart {
  readyMs: number;
  readyBaselineMs: number;
  firstAnswerMs: number;
  firstAnswerBaselineMs: number;
  bundleBytes: Record<string, number>;
}

/** Cold starts of the `http` bundle and of a bare Bolt app, alternated in one run, medians of `runs` each. */
export async function measureColdStart(out: string, runs: number): Promise<ColdStart> {
  const bundleBytes: Record<string, number> = {};
  const paths: Record<string, string> = {};
  for (const [name, entry] of Object.entries({ ...FUNCTIONS, baseline: 'bench/baseline/bare-bolt.ts' })) {
    paths[name] = join(await bundle(name, entry, out), 'index.js');
    bundleBytes[name] = statSync(paths[name] as string).size;
  }
  const slack = new SlackStandIn(demoWorkspace(TOKEN));
  const ssm = new SsmStandIn();
  const lambda = new LambdaInvokeStandIn(['bench-worker']);
  await Promise.all([slack.start(), ssm.start(), lambda.start()]);
  ssm.parameters.set('/bench/secret', SECRET);
  ssm.parameters.set('/bench/token', TOKEN);
  const common = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    SLACK_API_URL: slack.apiUrl,
  };
  const env = {
    http: {
      ...common,
      SLACK_SIGNING_SECRET_PARAM: '/bench/secret',
      SLACK_BOT_TOKEN_PARAM: '/bench/token',
      SSM_ENDPOINT: ssm.url,
      WORKER_FUNCTION_NAME: 'bench-worker',
      LAMBDA_ENDPOINT: lambda.url,
      APPROVAL_CHANNEL_ID: 'CAPPROVALS',
      APPROVER_IDS: 'UAPPROVER1',
      LOG_LEVEL: 'WARN',
    },
    baseline: { ...common, SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN },
  };
  const samples = {
    http: [] as Array<{ readyMs: number; firstAnswerMs: number }>,
    baseline: [] as Array<{ readyMs: number; firstAnswerMs: number }>,
  };
  for (let i = 0; i < runs; i++) {
    for (const name of ['http', 'baseline'] as const) {
      const body = slashCommandBody({
        text: 'create media-assets bench',
        userId: 'UREQUESTER',
        channelId: 'DREQUESTER',
        responseUrl: 'http://127.0.0.1:9/r',
      });
      const event = apiGatewayV2Event(body, signedHeaders(SECRET, body));
      samples[name].push(await runOnce(paths[name] as string, event, env[name]));
    }
  }
  await Promise.all([slack.stop(), ssm.stop(), lambda.stop()]);
  const med = (name: 'http' | 'baseline', field: 'readyMs' | 'firstAnswerMs') =>
    median(samples[name].map((s) => s[field]));
  return {
    readyMs: med('http', 'readyMs'),
    readyBaselineMs: med('baseline', 'readyMs'),
    firstAnswerMs: med('http', 'firstAnswerMs'),
    firstAnswerBaselineMs: med('baseline', 'firstAnswerMs'),
    bundleBytes,
  };
}

function runOnce(
  path: string,
  event: unknown,
  env: Record<string, string>,
): Promise<{ readyMs: number; firstAnswerMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, '..', 'scripts', 'invoke-bundle.mjs'), path],
      {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          ...env,
        },
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', () => {
      const run = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
        readyMs: number;
        firstAnswerMs: number;
        result?: { statusCode?: number };
      };
      if (run.result?.statusCode !== 200) reject(new Error(`cold start answered ${run.result?.statusCode}`));
      else resolve(run);
    });
    child.stdin.end(JSON.stringify(event));
  });
}
