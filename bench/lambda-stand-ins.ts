import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTables } from '../src/adapters/dynamodb/ensure-tables.js';
import { LambdaInvokeStandIn } from '../src/sandbox/aws/lambda-standin.js';
import { SsmStandIn } from '../src/sandbox/aws/ssm-standin.js';
import { type LocalStack, startLocalStack } from '../src/sandbox/local-stack.js';
import { type DeployedFunction, deployedFunctions, functionProcessEnv } from './deployed-functions.js';

/** The deploy parameters, as stand-ins the Slack stand-in's workspace knows. */
const PARAMS = { approvalChannelId: 'CAPPROVALS', approverIds: 'UAPPROVER1' };

export interface LambdaStandIns {
  stack: LocalStack;
  lambda: LambdaInvokeStandIn;
  functions: Record<string, DeployedFunction>;
  /** The process environment of each deployed function (and of the bare Bolt baseline), pointed at the stand-ins. */
  env: Record<string, Record<string, string>>;
  signingSecret: string;
  stop(): Promise<void>;
}

/**
 * What the deployed functions talk to, on loopback: DynamoDB (dynalite, with the tables already
 * made, as CloudFormation makes them), Lightsail, Slack, SSM holding the two secrets under the
 * deployed names, and Lambda's Invoke knowing the deployed worker.
 */
export async function startLambdaStandIns(): Promise<LambdaStandIns> {
  const functions = deployedFunctions(PARAMS);
  const http = required(functions.http, 'http');
  const worker = required(functions.worker, 'worker');
  const stack = await startLocalStack();
  const ssm = new SsmStandIn();
  const lambda = new LambdaInvokeStandIn([String(http.environment.WORKER_FUNCTION_NAME)]);
  await Promise.all([ssm.start(), lambda.start()]);
  ssm.parameters.set(
    String(http.environment.SLACK_SIGNING_SECRET_PARAM),
    stack.env.SLACK_SIGNING_SECRET ?? '',
  );
  // http and the worker read both, the sweeper the bot token (serverless.yml names them).
  ssm.parameters.set(String(worker.environment.SLACK_BOT_TOKEN_PARAM), stack.env.SLACK_BOT_TOKEN ?? '');
  // The policy parameter, as the stack creates it from deploy/policy.yml on its first deploy.
  ssm.store.put(
    {
      Name: String(worker.environment.BUCKET_KEY_POLICY_PARAM),
      Value: readFileSync(join(import.meta.dirname, '..', 'deploy', 'policy.yml'), 'utf8'),
      Type: 'String',
    },
    'arn:aws:iam::123456789012:role/cloudformation-deploy',
  );
  await ensureTables(
    new DynamoDBClient({
      endpoint: stack.dynamo.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    }),
    { requests: String(worker.environment.REQUESTS_TABLE), audit: String(worker.environment.AUDIT_TABLE) },
  );
  const standIns = (name: string, fn: DeployedFunction) => ({
    // What Lambda sets in every function's environment.
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_LAMBDA_FUNCTION_NAME: `bucket-key-bench-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMb),
    // The SDKs' own endpoint variables, not the bot's *_ENDPOINT ones: those switch on local-only
    // paths (creating missing tables), and the bundles must run the code path that is deployed.
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamo.url,
    AWS_ENDPOINT_URL_LIGHTSAIL: stack.lightsail.url,
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    SLACK_API_URL: stack.slack.apiUrl,
    // Node 20 here; Lambda runs nodejs22.x, where the SDK has nothing to warn about.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const env = Object.fromEntries(
    Object.entries(functions).map(([name, fn]) => [name, functionProcessEnv(fn, standIns(name, fn))]),
  );
  // The bare Bolt baseline reads its two secrets from the environment and has no NODE_OPTIONS.
  env.baseline = {
    ...standIns('baseline', http),
    SLACK_SIGNING_SECRET: stack.env.SLACK_SIGNING_SECRET ?? '',
    SLACK_BOT_TOKEN: stack.env.SLACK_BOT_TOKEN ?? '',
  };
  return {
    stack,
    lambda,
    functions,
    env,
    signingSecret: stack.env.SLACK_SIGNING_SECRET ?? '',
    async stop() {
      await Promise.all([ssm.stop(), lambda.stop(), stack.stop()]);
    },
  };
}

function required(fn: DeployedFunction | undefined, name: string): DeployedFunction {
  if (!fn) throw new Error(`serverless.yml has no function ${name}`);
  return fn;
}
