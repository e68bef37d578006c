import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';

/** Where the policy lives: the SSM stand-in's URL and the parameter's name (BUCKET_KEY_POLICY_PARAM). */
export interface PlaygroundPolicy {
  ssmUrl: string;
  name: string;
}

/** What the panel shows: the version in force at SSM, who wrote it, and the versions before it. */
export interface PolicyPanelState {
  name: string;
  version: number;
  text: string;
  modifiedBy?: string;
  modifiedAt?: string;
  history: Array<{ version: number; modifiedBy?: string; modifiedAt?: string }>;
}

/**
 * The SSM client the panel uses, signed as the person at the keyboard: SSM records its access key's
 * identity as LastModifiedUser, so a version put from the panel says who put it, as
 * `aws ssm put-parameter` with that person's credentials would.
 */
function clientAs(policy: PlaygroundPolicy, person: string): SSMClient {
  return new SSMClient({
    region: 'us-east-1',
    endpoint: policy.ssmUrl,
    credentials: { accessKeyId: person, secretAccessKey: 'playground' },
    maxAttempts: 1,
  });
}

export async function policyPanel(policy: PlaygroundPolicy): Promise<PolicyPanelState | null> {
  const ssm = clientAs(policy, 'playground');
  try {
    const current = (await ssm.send(new GetParameterCommand({ Name: policy.name }))).Parameter;
    const history = (await ssm.send(new GetParameterHistoryCommand({ Name: policy.name }))).Parameters ?? [];
    const newest = history.find((p) => p.Version === current?.Version);
    return {
      name: policy.name,
      version: current?.Version ?? 0,
      text: current?.Value ?? '',
      ...(newest?.LastModifiedUser ? { modifiedBy: newest.LastModifiedUser } : {}),
      ...(current?.LastModifiedDate ? { modifiedAt: current.LastModifiedDate.toISOString() } : {}),
      history: history
        .map((p) => ({
          version: p.Version ?? 0,
          ...(p.LastModifiedUser ? { modifiedBy: p.LastModifiedUser } : {}),
          ...(p.LastModifiedDate ? { modifiedAt: p.LastModifiedDate.toISOString() } : {}),
        }))
        .reverse()
        .slice(0, 10),
    };
  } catch {
    return null;
  } finally {
    ssm.destroy();
  }
}

/**
 * A new version, as `aws ssm put-parameter --overwrite --tier Intelligent-Tiering` would put it: SSM
 * takes any text that fits; the bot judges it when it next reads the policy.
 */
export async function putPolicy(
  policy: PlaygroundPolicy,
  person: string,
  text: string,
): Promise<{ version: number } | { error: string }> {
  const ssm = clientAs(policy, person);
  try {
    const out = await ssm.send(
      new PutParameterCommand({
        Name: policy.name,
        Value: text,
        Type: 'String',
        Overwrite: true,
        Tier: 'Intelligent-Tiering',
      }),
    );
    return { version: out.Version ?? 0 };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  } finally {
    ssm.destroy();
  }
}
