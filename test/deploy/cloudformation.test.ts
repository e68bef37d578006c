import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployedFunctions } from '../../bench/deployed-functions.js';
import { CATALOG_ITEM_KEY } from '../../src/adapters/dynamodb/dynamo-bucket-catalog.js';
import {
  auditTable,
  requestsTable,
  type TableDefinition,
} from '../../src/adapters/dynamodb/table-definitions.js';

const ROOT = resolve(import.meta.dirname, '../..');
// biome-ignore lint/suspicious/noExplicitAny: a CloudFormation template is untyped JSON
type Template = { Resources: Record<string, any>; Outputs?: Record<string, any> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

describe('the packaged CloudFormation template (osls package, offline)', () => {
  let template: Template;
  beforeAll(() => {
    execFileSync('npm', ['run', 'package', '--silent'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
    template = JSON.parse(
      readFileSync(resolve(ROOT, '.serverless/cloudformation-template-update-stack.json'), 'utf8'),
    );
  }, 200_000);

  const resource = (name: string) => {
    const found = template.Resources[name];
    if (!found) throw new Error(`no resource ${name}`);
    return found;
  };
  const statements = (role: string): Statement[] =>
    resource(role).Properties.Policies.flatMap(
      (p: { PolicyDocument: { Statement: Statement[] } }) => p.PolicyDocument.Statement,
    );
  const actions = (role: string) =>
    statements(role).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  const resourcesFor = (role: string, action: string) =>
    statements(role)
      .filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action))
      .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));

  it('runs each nodejs22.x function with its own role, from its own bundle', () => {
    for (const [fn, role] of [
      ['HttpLambdaFunction', 'HttpRole'],
      ['WorkerLambdaFunction', 'WorkerRole'],
      ['SweeperLambdaFunction', 'SweeperRole'],
      ['CheckpointerLambdaFunction', 'CheckpointRole'],
      ['PublisherLambdaFunction', 'PublisherRole'],
    ]) {
      const props = resource(fn as string).Properties;
      expect(props.Runtime).toBe('nodejs22.x');
      expect(props.Role).toEqual({ 'Fn::GetAtt': [role, 'Arn'] });
    }
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it('routes POST /slack/events on an HTTP API with throttling', () => {
    expect(resource('HttpApiRoutePostSlackEvents').Properties.RouteKey).toBe('POST /slack/events');
    const settings = resource('HttpApiStage').Properties.DefaultRouteSettings;
    expect(settings.ThrottlingBurstLimit).toBeGreaterThan(0);
    expect(settings.ThrottlingRateLimit).toBeGreaterThan(0);
  });

  it('runs the sweeper on a schedule and never retries the worker’s async invocations', () => {
    expect(resource('SweeperEventsRuleSchedule1').Properties.ScheduleExpression).toMatch(/^rate\(/);
    expect(resource('WorkerLambdaEvConf').Properties.MaximumRetryAttempts).toBe(0);
  });

  it('keeps secrets out of the environment: only SSM parameter names are there', () => {
    for (const fn of [
      'HttpLambdaFunction',
      'WorkerLambdaFunction',
      'SweeperLambdaFunction',
      'CheckpointerLambdaFunction',
    ]) {
      const vars = resource(fn).Properties.Environment.Variables;
      expect(vars.SLACK_BOT_TOKEN).toBeUndefined();
      expect(vars.SLACK_SIGNING_SECRET).toBeUndefined();
    }
    // The checkpointer never talks to Slack: it holds neither secret's name.
    expect(
      resource('CheckpointerLambdaFunction').Properties.Environment.Variables.SLACK_BOT_TOKEN_PARAM,
    ).toBeUndefined();
    const vars = (fn: string) => resource(fn).Properties.Environment.Variables;
    // http verifies and acknowledges; the worker verifies again and talks to Slack; the sweeper only talks.
    expect(vars('HttpLambdaFunction').SLACK_SIGNING_SECRET_PARAM).toMatch(/^\/bucket-key\//);
    // http opens the request modal itself (views.open within the trigger's 3 s), so it reads the bot token.
    expect(vars('HttpLambdaFunction').SLACK_BOT_TOKEN_PARAM).toMatch(/^\/bucket-key\//);
    expect(vars('WorkerLambdaFunction').SLACK_SIGNING_SECRET_PARAM).toMatch(/^\/bucket-key\//);
    expect(vars('WorkerLambdaFunction').SLACK_BOT_TOKEN_PARAM).toMatch(/^\/bucket-key\//);
    expect(vars('SweeperLambdaFunction').SLACK_SIGNING_SECRET_PARAM).toBeUndefined();
    expect(vars('SweeperLambdaFunction').SLACK_BOT_TOKEN_PARAM).toMatch(/^\/bucket-key\//);
  });

  it('declares the tables exactly as the code defines them, on demand, recoverable, encrypted, protected', () => {
    const same = (cfn: TableDefinition, code: TableDefinition) => {
      expect(cfn.KeySchema).toEqual(code.KeySchema);
      expect(
        [...cfn.AttributeDefinitions].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName)),
      ).toEqual(
        [...code.AttributeDefinitions].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName)),
      );
      expect(cfn.GlobalSecondaryIndexes).toEqual(code.GlobalSecondaryIndexes);
    };
    same(resource('RequestsTable').Properties, requestsTable);
    same(resource('AuditTable').Properties, auditTable);
    for (const table of ['RequestsTable', 'AuditTable']) {
      const props = resource(table).Properties;
      expect(props.BillingMode).toBe('PAY_PER_REQUEST');
      expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(props.SSESpecification).toEqual({ SSEEnabled: true });
      expect(props.DeletionProtectionEnabled).toBe(true);
    }
    expect(resource('AuditTable').DeletionPolicy).toBe('Retain');
    expect(resource('AuditTable').UpdateReplacePolicy).toBe('Retain');
  });

  it('grants the http function only logs, invoking the worker, its two secrets and the catalog item', () => {
    expect(new Set(actions('HttpRole'))).toEqual(
      new Set([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'lambda:InvokeFunction',
        'ssm:GetParameters',
        'dynamodb:GetItem',
      ]),
    );
    // One item of the requests table, by key: never a request, never the audit table.
    const getItem = statements('HttpRole').find((s) => s.Action === 'dynamodb:GetItem');
    expect(getItem?.Resource).toEqual({ 'Fn::GetAtt': ['RequestsTable', 'Arn'] });
    expect(getItem?.Condition).toEqual({
      'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [CATALOG_ITEM_KEY] },
    });
    expect(resourcesFor('HttpRole', 'lambda:InvokeFunction')).toEqual([
      { 'Fn::GetAtt': ['WorkerLambdaFunction', 'Arn'] },
    ]);
    expect(JSON.stringify(resourcesFor('HttpRole', 'ssm:GetParameters'))).toMatch(/slack-signing-secret/);
    expect(JSON.stringify(resourcesFor('HttpRole', 'ssm:GetParameters'))).toMatch(/slack-bot-token/);
    // The worker verifies every job's signature; the sweeper, which runs no job, never holds the secret.
    expect(JSON.stringify(resourcesFor('WorkerRole', 'ssm:GetParameters'))).toMatch(/slack-signing-secret/);
    expect(JSON.stringify(resourcesFor('SweeperRole', 'ssm:GetParameters'))).not.toMatch(
      /slack-signing-secret/,
    );
  });

  it('lets the worker and sweeper invoke the checkpointer only, and nothing use wildcards beyond what IAM requires', () => {
    for (const role of ['WorkerRole', 'SweeperRole'])
      expect(resourcesFor(role, 'lambda:InvokeFunction')).toEqual([
        { 'Fn::GetAtt': ['CheckpointerLambdaFunction', 'Arn'] },
      ]);
    expect(actions('CheckpointRole')).not.toContain('lambda:InvokeFunction');
    expect(actions('PublisherRole')).not.toContain('lambda:InvokeFunction');
    for (const role of ['HttpRole', 'WorkerRole', 'SweeperRole', 'CheckpointRole', 'PublisherRole']) {
      for (const action of actions(role)) expect(action).not.toMatch(/\*/);
      for (const s of statements(role)) {
        const acts = Array.isArray(s.Action) ? s.Action : [s.Action];
        if (s.Resource === '*')
          expect(acts.sort()).toEqual(['lightsail:GetBucketAccessKeys', 'lightsail:GetBuckets']);
      }
    }
  });

  it('limits Lightsail key changes to bucket ARNs, and the sweeper to deleting', () => {
    for (const action of ['lightsail:CreateBucketAccessKey', 'lightsail:DeleteBucketAccessKey']) {
      const resources = resourcesFor('WorkerRole', action);
      expect(resources.length).toBeGreaterThan(0);
      for (const r of resources)
        expect(JSON.stringify(r)).toMatch(
          /arn:aws:lightsail:\$\{AWS::Region\}:\$\{AWS::AccountId\}:Bucket\//,
        );
    }
    expect(actions('SweeperRole')).not.toContain('lightsail:CreateBucketAccessKey');
    expect(actions('SweeperRole')).toContain('lightsail:DeleteBucketAccessKey');
  });

  it('lets the worker and sweeper assume only the listed target-account roles, and the http function none', () => {
    // The role ARNs `npm run package` passes as targetAccountRoleArns.
    const listed = ['arn:aws:iam::111111111111:role/bucket-key', 'arn:aws:iam::222222222222:role/bucket-key'];
    const policy = resource('TargetAccountsPolicy');
    const [separator, text] = policy.Properties.PolicyDocument.Statement[0].Resource['Fn::Split'];

    expect(policy.Condition).toBe('HasTargetAccounts');
    expect(policy.Properties.Roles).toEqual([{ Ref: 'WorkerRole' }, { Ref: 'SweeperRole' }]);
    expect(policy.Properties.PolicyDocument.Statement).toHaveLength(1);
    expect(policy.Properties.PolicyDocument.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
    });
    expect(String(text).split(separator)).toEqual(listed);
    for (const role of ['HttpRole', 'WorkerRole', 'SweeperRole'])
      expect(actions(role).filter((action) => action.startsWith('sts:'))).toEqual([]);
    const policies = Object.values(template.Resources).filter((r) => r.Type === 'AWS::IAM::Policy');
    expect(policies).toEqual([policy]);
  });

  it('limits DynamoDB to the project’s tables; no Scan anywhere, no update or delete on the audit log', () => {
    for (const role of ['WorkerRole', 'SweeperRole', 'CheckpointRole']) {
      const dynamo = statements(role).filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
      for (const s of dynamo) {
        const acts = Array.isArray(s.Action) ? s.Action : [s.Action];
        expect(acts).not.toContain('dynamodb:Scan');
        expect(acts).not.toContain('dynamodb:DeleteItem');
        const on = JSON.stringify(s.Resource);
        expect(on).toMatch(/RequestsTable|AuditTable/);
        if (on.includes('AuditTable')) {
          expect(on).not.toContain('RequestsTable');
          // Appended to and read; test/deploy/grants-used.test.ts proves which.
          for (const act of acts)
            expect(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchGetItem']).toContain(act);
        }
      }
    }
  });

  it.each([
    ['WorkerRole', ['events']],
    ['SweeperRole', ['events', 'posted-heads']],
    ['CheckpointRole', ['events', 'checkpoints']],
  ])('%s puts on the audit table only in its partitions %j (dynamodb:LeadingKeys)', (role, partitions) => {
    const onAudit = statements(role).filter((s) => JSON.stringify(s.Resource).includes('AuditTable'));
    const writes = onAudit.filter((s) => [s.Action].flat().some((a) => a !== 'dynamodb:Query'));
    expect(writes.length).toBeGreaterThan(0);
    for (const s of writes) {
      expect(s.Resource).toEqual({ 'Fn::GetAtt': ['AuditTable', 'Arn'] });
      expect(s.Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': partitions } });
    }
    // Only the checkpointer may write checkpoint records; only the sweeper the posted heads.
    if (role !== 'CheckpointRole') expect(JSON.stringify(writes)).not.toContain('"checkpoints"');
    if (role !== 'SweeperRole') expect(JSON.stringify(writes)).not.toContain('posted-heads');
  });

  it('keeps checkpoints in a bucket with Object Lock in COMPLIANCE mode, 400 days by default, versioned, private', () => {
    const bucket = resource('AuditCheckpointBucket');
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: '400' } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    expect(resource('AuditSigningKey').Properties).toMatchObject({
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
    });
    expect(resource('AuditSigningKey').DeletionPolicy).toBe('Retain');
    // Existing ones can be given instead (another account's, say): both are created only on request.
    expect(bucket.Condition).toBe('CreateAuditEvidence');
    expect(resource('AuditSigningKey').Condition).toBe('CreateAuditEvidence');
  });

  it('lets only the checkpointer sign and put checkpoints; nobody delete, relock or retain them', () => {
    const roles = ['HttpRole', 'WorkerRole', 'SweeperRole', 'CheckpointRole'];
    const s3OrKms = (role: string) => actions(role).filter((a) => /^(s3|kms):/.test(a));
    expect(s3OrKms('CheckpointRole').sort()).toEqual(['kms:Sign', 's3:PutObject']);
    expect(JSON.stringify(resourcesFor('CheckpointRole', 's3:PutObject'))).toContain(
      'arn:aws:s3:::bucket-key-prod-audit-checkpoints/checkpoints/*',
    );
    expect(resourcesFor('CheckpointRole', 'kms:Sign')).toEqual([
      { 'Fn::If': ['CreateAuditEvidence', { 'Fn::GetAtt': ['AuditSigningKey', 'Arn'] }, ''] },
    ]);
    // `audit verify` in the worker reads; the sweeper touches neither.
    expect(s3OrKms('WorkerRole').sort()).toEqual([
      'kms:GetPublicKey',
      's3:GetObject',
      's3:GetObjectRetention',
      's3:ListBucket',
    ]);
    expect(s3OrKms('SweeperRole')).toEqual([]);
    expect(s3OrKms('HttpRole')).toEqual([]);
    for (const role of roles)
      for (const action of actions(role))
        expect(action).not.toMatch(
          /^s3:(Delete|PutObjectRetention|PutBucketObjectLock|BypassGovernance|PutBucketPolicy|PutLifecycle)|^kms:(Schedule|Disable|PutKeyPolicy|Create|Delete)/,
        );
  });

  it('streams the audit table to the publisher: the chain only, retried, then parked in a queue with an alarm', () => {
    expect(resource('AuditTable').Properties.StreamSpecification).toEqual({
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    const mapping = Object.values(template.Resources).find(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping',
    );
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['AuditTable', 'StreamArn'] },
      FunctionName: { 'Fn::GetAtt': ['PublisherLambdaFunction', 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': ['AuditStreamDeadLetterQueue', 'Arn'] } },
      },
    });
    expect(JSON.parse(mapping?.Properties.FilterCriteria.Filters[0].Pattern)).toEqual({
      dynamodb: { Keys: { chain: { S: ['events'] } } },
    });
    expect(resource('PublisherLambdaFunction').Properties.Environment.Variables.AUDIT_EVENT_BUS).toBe(
      'bucket-key-prod-audit',
    );
    expect(resource('AuditEventBus').Properties.Name).toBe('bucket-key-prod-audit');
    // It reads the stream and puts on the bus, and nothing else: no table, no key, no bucket.
    expect(new Set(actions('PublisherRole'))).toEqual(
      new Set([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        'events:PutEvents',
        'sqs:SendMessage',
      ]),
    );
    expect(resourcesFor('PublisherRole', 'events:PutEvents')).toEqual([
      { 'Fn::GetAtt': ['AuditEventBus', 'Arn'] },
    ]);
    expect(resource('AuditStreamParkedAlarm').Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
  });

  it('deploys each function with the memory size and NODE_OPTIONS the benchmark measures it with', () => {
    // The parameters `npm run package` passes.
    const bench = deployedFunctions({ approvalChannelId: 'C0123456789', approverIds: 'U0123456789' });
    for (const [name, fn] of Object.entries(bench)) {
      const props = resource(`${name[0]?.toUpperCase()}${name.slice(1)}LambdaFunction`).Properties;
      expect(props.MemorySize, name).toBe(fn.memorySizeMb);
      const variables: Record<string, unknown> = props.Environment.Variables;
      expect(variables.NODE_OPTIONS, name).toBe(fn.environment.NODE_OPTIONS);
      expect(Object.keys(variables).sort(), name).toEqual(Object.keys(fn.environment).sort());
      // Plain values match; references (the table names) are the stack's to resolve.
      for (const [key, value] of Object.entries(variables))
        if (typeof value === 'string') expect(fn.environment[key], `${name} ${key}`).toBe(value);
    }
  });

  it('loads source maps in the worker and sweeper (stack traces in logs), not in http (Slack waits 3 s)', () => {
    const nodeOptions = (fn: string) =>
      String(resource(fn).Properties.Environment.Variables.NODE_OPTIONS ?? '');
    expect(nodeOptions('HttpLambdaFunction')).not.toContain('--enable-source-maps');
    expect(nodeOptions('WorkerLambdaFunction')).toContain('--enable-source-maps');
    expect(nodeOptions('SweeperLambdaFunction')).toContain('--enable-source-maps');
  });

  describe('the policy parameter', () => {
    const POLICY_ARN = {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub placeholders
      'Fn::Sub': 'arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/bucket-key/prod/policy',
    };

    it('is created from deploy/policy.yml, as its exact text, a String in the tier its size needs, kept if the stack goes', () => {
      expect(template).toMatchObject({
        Conditions: {
          CreatePolicyParameter: { 'Fn::Equals': ['/bucket-key/prod/policy', '/bucket-key/prod/policy'] },
        },
      });
      expect(resource('PolicyParameter')).toMatchObject({
        Type: 'AWS::SSM::Parameter',
        Condition: 'CreatePolicyParameter',
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          Name: '/bucket-key/prod/policy',
          Type: 'String',
          Tier: 'Intelligent-Tiering',
          Value: readFileSync(resolve(ROOT, 'deploy/policy.yml'), 'utf8'),
        },
      });
    });

    it('is named to the worker and the sweeper, who alone may read it and its history', () => {
      for (const fn of ['WorkerLambdaFunction', 'SweeperLambdaFunction'])
        expect(resource(fn).Properties.Environment.Variables.BUCKET_KEY_POLICY_PARAM).toBe(
          '/bucket-key/prod/policy',
        );
      expect(
        resource('HttpLambdaFunction').Properties.Environment.Variables.BUCKET_KEY_POLICY_PARAM,
      ).toBeUndefined();
      for (const role of ['WorkerRole', 'SweeperRole']) {
        expect(resourcesFor(role, 'ssm:GetParameter')).toEqual([POLICY_ARN]);
        expect(resourcesFor(role, 'ssm:GetParameterHistory')).toEqual([POLICY_ARN]);
        expect(JSON.stringify(resourcesFor(role, 'ssm:GetParameters'))).not.toContain('policy');
      }
      expect(actions('HttpRole')).not.toContain('ssm:GetParameter');
      expect(actions('HttpRole')).not.toContain('ssm:GetParameterHistory');
      // No role may write the policy: changing it is an operator's act, recorded by SSM.
      for (const role of ['HttpRole', 'WorkerRole', 'SweeperRole'])
        expect(actions(role).filter((a) => /^ssm:(Put|Delete|Label)/.test(a))).toEqual([]);
    });
  });

  it('sets log retention on every function’s log group', () => {
    for (const group of [
      'HttpLogGroup',
      'WorkerLogGroup',
      'SweeperLogGroup',
      'CheckpointerLogGroup',
      'PublisherLogGroup',
    ]) {
      expect(resource(group).Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  describe('alarms, each to the alarm topic', () => {
    const topic = { Ref: 'AlarmTopic' };
    const ofBot = [{ Name: 'service', Value: 'bucket-key' }];
    const ofFunction = (fn: string) => [{ Name: 'FunctionName', Value: { Ref: fn } }];
    const atLeastOnce = { Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' };

    it('sends alarms by email to the address given at deploy', () => {
      expect(resource('AlarmTopic').Type).toBe('AWS::SNS::Topic');
      expect(resource('AlarmEmailSubscription')).toMatchObject({
        Type: 'AWS::SNS::Subscription',
        // The parameter `npm run package` passes.
        Properties: { TopicArn: topic, Protocol: 'email', Endpoint: 'alarms@example.com' },
      });
    });

    it.each([
      ['WorkerErrorsAlarm', 'AWS/Lambda', 'Errors', ofFunction('WorkerLambdaFunction')],
      ['IssueFailuresAlarm', 'BucketKey', 'IssueFailures', ofBot],
      ['RepairsAlarm', 'BucketKey', 'Repairs', ofBot],
      ['UnknownKeysAlarm', 'BucketKey', 'UnknownKeysFound', ofBot],
      ['ForgedJobsAlarm', 'BucketKey', 'ForgedJobsRefused', ofBot],
      ['AuditAppendFailuresAlarm', 'BucketKey', 'AuditAppendFailures', ofBot],
      ['AuditEventsLostAlarm', 'BucketKey', 'AuditEventsLost', ofBot],
      ['CheckpointFailuresAlarm', 'BucketKey', 'CheckpointFailures', ofBot],
    ])('%s fires on any %s %s in 5 minutes', (name, namespace, metric, dimensions) => {
      expect(resource(name)).toMatchObject({
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Namespace: namespace,
          MetricName: metric,
          Dimensions: dimensions,
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          ...atLeastOnce,
          TreatMissingData: 'notBreaching',
          AlarmActions: [topic],
        },
      });
    });

    it('fires when the sweeper has not run for 15 minutes, no data counting as not run', () => {
      expect(resource('SweeperNotRunningAlarm')).toMatchObject({
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Namespace: 'AWS/Lambda',
          MetricName: 'Invocations',
          Dimensions: ofFunction('SweeperLambdaFunction'),
          Statistic: 'Sum',
          Period: 900,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'LessThanThreshold',
          TreatMissingData: 'breaching',
          AlarmActions: [topic],
        },
      });
    });

    it('has no alarm this test does not assert', () => {
      const alarms = Object.entries(template.Resources)
        .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')
        .map(([name]) => name)
        .sort();
      expect(alarms).toEqual([
        'AuditAppendFailuresAlarm',
        'AuditEventsLostAlarm',
        'AuditStreamParkedAlarm',
        'CheckpointFailuresAlarm',
        'ForgedJobsAlarm',
        'IssueFailuresAlarm',
        'RepairsAlarm',
        'SweeperNotRunningAlarm',
        'UnknownKeysAlarm',
        'WorkerErrorsAlarm',
      ]);
    });
  });
});

describe('the packaged template, given an existing policy parameter', () => {
  let template: Template;
  const dir = mkdtempSync(join(tmpdir(), 'bucket-key-package-'));
  beforeAll(() => {
    // The bundles from the package above are reused: only the template differs.
    execFileSync(
      'npx',
      [
        'osls',
        'package',
        '--stage',
        'prod',
        '--param=approvalChannelId=C0123456789',
        '--param=approverIds=U0123456789',
        '--param=alarmEmail=alarms@example.com',
        '--param=policyParameter=/security/bucket-key-policy',
        '--package',
        dir,
      ],
      { cwd: ROOT, stdio: 'pipe', timeout: 180_000 },
    );
    template = JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'));
  }, 200_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates no parameter, names the existing one to the worker and sweeper, and grants reading it alone', () => {
    const conditions = (template as Template & { Conditions: Record<string, unknown> }).Conditions;
    expect(conditions.CreatePolicyParameter).toEqual({
      'Fn::Equals': ['/security/bucket-key-policy', '/bucket-key/prod/policy'],
    });
    // CloudFormation skips a resource whose condition is false.
    expect(template.Resources.PolicyParameter?.Condition).toBe('CreatePolicyParameter');
    for (const fn of ['WorkerLambdaFunction', 'SweeperLambdaFunction'])
      expect(template.Resources[fn].Properties.Environment.Variables.BUCKET_KEY_POLICY_PARAM).toBe(
        '/security/bucket-key-policy',
      );
    for (const role of ['WorkerRole', 'SweeperRole']) {
      const statements: Statement[] = template.Resources[role].Properties.Policies.flatMap(
        (p: { PolicyDocument: { Statement: Statement[] } }) => p.PolicyDocument.Statement,
      );
      const reads = statements.filter((st) => JSON.stringify(st.Action).includes('ssm:GetParameterHistory'));
      expect(reads.map((st) => st.Resource)).toEqual([
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub placeholders
        { 'Fn::Sub': 'arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/security/bucket-key-policy' },
      ]);
    }
  });
});
