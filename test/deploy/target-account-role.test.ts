import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CollectionTag, parse, type ScalarTag, type YAMLSeq } from 'yaml';
import { readServerlessYml } from '../../bench/deployed-functions.js';
import { SWEEP_SESSION } from '../../src/domain/account.js';

const ROOT = resolve(import.meta.dirname, '../..');
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Serverless variable, as serverless.yml writes it
const ROLE_ARNS_PARAM = '${param:targetAccountRoleArns}';
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub text, as the template writes it
const EVERY_BUCKET_ARN = 'arn:${AWS::Partition}:lightsail:*:${AWS::AccountId}:Bucket/*';

// CloudFormation's short forms, as the JSON CloudFormation itself sees.
const scalar = (tag: string, resolveText: (text: string) => unknown): ScalarTag => ({
  tag,
  identify: () => false,
  resolve: resolveText,
});
const sequence = (tag: string, fn: string): CollectionTag => ({
  tag,
  collection: 'seq',
  identify: () => false,
  resolve: (seq) => ({ [fn]: (seq as YAMLSeq).toJSON() }),
});
const cfnTags = [
  scalar('!Ref', (name) => ({ Ref: name })),
  scalar('!Sub', (text) => ({ 'Fn::Sub': text })),
  scalar('!GetAtt', (path) => ({ 'Fn::GetAtt': path.split('.') })),
  sequence('!If', 'Fn::If'),
  sequence('!Split', 'Fn::Split'),
  sequence('!Equals', 'Fn::Equals'),
];

// biome-ignore lint/suspicious/noExplicitAny: a CloudFormation template is untyped YAML
type Template = Record<string, any>;
type Statement = {
  Sid?: string;
  Effect: string;
  Principal?: { AWS: unknown };
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};
const template: Template = parse(readFileSync(resolve(ROOT, 'deploy/target-account-role.yml'), 'utf8'), {
  customTags: cfnTags,
});
const role = template.Resources.BucketKeyRole.Properties;
const trust: Statement[] = role.AssumeRolePolicyDocument.Statement;
const permissions: Statement[] = role.Policies.flatMap(
  (policy: { PolicyDocument: { Statement: Statement[] } }) => policy.PolicyDocument.Statement,
);
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** The Lightsail commands the key issuer sends, read from its source: what the role must allow. */
function lightsailCallsInCode(): string[] {
  const source = readFileSync(resolve(ROOT, 'src/adapters/lightsail/lightsail-key-issuer.ts'), 'utf8');
  const sent = [...source.matchAll(/new (\w+)Command\(/g)].map((match) => `lightsail:${match[1]}`);
  return [...new Set(sent)].sort();
}

describe('deploy/target-account-role.yml, the role in each target account', () => {
  it('is one role and nothing else, named by a parameter, its ARN an output for the policy', () => {
    expect(Object.keys(template.Resources)).toEqual(['BucketKeyRole']);
    expect(template.Resources.BucketKeyRole.Type).toBe('AWS::IAM::Role');
    expect(role.RoleName).toEqual({ Ref: 'RoleName' });
    expect(template.Outputs.RoleArn.Value).toEqual({ 'Fn::GetAtt': ['BucketKeyRole', 'Arn'] });
  });

  it('trusts only the bot’s worker and sweeper roles, each in a statement of its own', () => {
    expect(trust.map((s) => [s.Effect, s.Principal])).toEqual([
      ['Allow', { AWS: { Ref: 'BotWorkerRoleArn' } }],
      ['Allow', { AWS: { Ref: 'BotSweeperRoleArn' } }],
    ]);
    for (const s of trust) expect(actionsOf(s).sort()).toEqual(['sts:AssumeRole', 'sts:SetSourceIdentity']);
    for (const parameter of ['BotWorkerRoleArn', 'BotSweeperRoleArn'])
      expect(template.Parameters[parameter].AllowedPattern).toBe('^arn:aws:iam::\\d{12}:role/[\\w+=,.@/-]+$');
  });

  it('admits no session without the ExternalId, and none that names nobody', () => {
    for (const s of trust)
      expect(s.Condition?.StringEquals?.['sts:ExternalId']).toEqual({ Ref: 'ExternalId' });
    const [worker, sweeper] = trust;
    // The worker's sessions carry the Slack user id of the person acting.
    expect(worker?.Condition?.StringLike).toEqual({ 'sts:SourceIdentity': ['U*', 'W*'] });
    // The sweeper's carry the session the bot's code gives it, exactly.
    expect(sweeper?.Condition?.StringEquals).toMatchObject({
      'sts:SourceIdentity': SWEEP_SESSION.sourceIdentity,
      'sts:RoleSessionName': SWEEP_SESSION.roleSessionName,
    });
    expect(template.Parameters.ExternalId).toMatchObject({ NoEcho: true, MinLength: 2, MaxLength: 1224 });
  });

  it('allows exactly the Lightsail calls the bot makes, and nothing of any other service', () => {
    const allowed = permissions
      .filter((s) => s.Effect === 'Allow')
      .flatMap(actionsOf)
      .sort();

    expect(allowed).toEqual(lightsailCallsInCode());
    expect(allowed).toEqual([
      'lightsail:CreateBucketAccessKey',
      'lightsail:DeleteBucketAccessKey',
      'lightsail:GetBucketAccessKeys',
      'lightsail:GetBuckets',
    ]);
  });

  it('scopes key changes to this account’s bucket ARNs (or the listed ones), "*" only where IAM has no resource', () => {
    const change = permissions.find((s) => s.Sid === 'ChangeKeys');
    expect(change?.Resource).toEqual({
      'Fn::If': [
        'EveryBucket',
        { 'Fn::Sub': EVERY_BUCKET_ARN },
        { 'Fn::Split': [',', { Ref: 'BucketArns' }] },
      ],
    });
    expect(template.Conditions.EveryBucket).toEqual({ 'Fn::Equals': [{ Ref: 'BucketArns' }, ''] });
    for (const s of permissions.filter((s) => s.Effect === 'Allow' && s.Resource === '*'))
      expect(actionsOf(s).sort()).toEqual(['lightsail:GetBucketAccessKeys', 'lightsail:GetBuckets']);
  });

  it('limits every allowed call to the account’s regions', () => {
    for (const s of permissions.filter((s) => s.Effect === 'Allow'))
      expect(s.Condition?.StringEquals).toEqual({ 'aws:RequestedRegion': { Ref: 'Regions' } });
  });

  it('denies creating a key in any session that does not name a person (the sweeper’s included)', () => {
    const deny = permissions.filter((s) => s.Effect === 'Deny');

    expect(deny).toEqual([
      {
        Sid: 'CreateOnlyForAPerson',
        Effect: 'Deny',
        Action: 'lightsail:CreateBucketAccessKey',
        Resource: '*',
        Condition: { StringNotLike: { 'aws:SourceIdentity': ['U*', 'W*'] } },
      },
    ]);
    expect(SWEEP_SESSION.sourceIdentity).not.toMatch(/^[UW]/);
  });
});

describe('serverless.yml: the bot’s side of the trust', () => {
  const bot = readServerlessYml();
  const policy = bot.resources.Resources.TargetAccountsPolicy;

  it('lets the worker and the sweeper, not the http function, assume only the listed roles', () => {
    expect(policy.Type).toBe('AWS::IAM::Policy');
    expect(policy.Properties.Roles).toEqual([{ Ref: 'WorkerRole' }, { Ref: 'SweeperRole' }]);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        Resource: { 'Fn::Split': [',', ROLE_ARNS_PARAM] },
      },
    ]);
  });

  it('grants nothing when no role is listed (the default), rather than an empty or wildcard resource', () => {
    expect(bot.params.default.targetAccountRoleArns).toBe('');
    expect(policy.Condition).toBe('HasTargetAccounts');
    expect(bot.resources.Conditions.HasTargetAccounts).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [ROLE_ARNS_PARAM, ''] }],
    });
  });

  it('outputs the two role ARNs each target account’s role trusts', () => {
    expect(bot.resources.Outputs.WorkerRoleArn.Value).toEqual({ 'Fn::GetAtt': ['WorkerRole', 'Arn'] });
    expect(bot.resources.Outputs.SweeperRoleArn.Value).toEqual({ 'Fn::GetAtt': ['SweeperRole', 'Arn'] });
  });
});
