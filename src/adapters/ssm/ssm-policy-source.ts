import { BaseProvider } from '@aws-lambda-powertools/parameters/base';
import { GetParameterCommand, paginateGetParameterHistory, type SSMClient } from '@aws-sdk/client-ssm';
import { type PolicySource, PolicySourceError, type PolicyVersion } from '../../ports/policy-source.js';

/**
 * A Powertools provider that keeps the whole GetParameter answer (value, Version, LastModifiedDate),
 * not the value alone as SSMProvider does: the version is what the bot records and compares.
 * Powertools' BaseProvider does the caching (maxAge), as for every other provider.
 */
class VersionedParameterProvider extends BaseProvider {
  constructor(private readonly ssm: SSMClient) {
    super({ awsSdkV3Client: ssm });
  }

  protected async _get(name: string): Promise<PolicyVersion> {
    const out = await this.ssm.send(new GetParameterCommand({ Name: name }));
    const parameter = out.Parameter;
    if (parameter?.Value === undefined || parameter.Version === undefined)
      throw new PolicySourceError(`SSM returned parameter ${name} without a value or a version`);
    return {
      version: parameter.Version,
      text: parameter.Value,
      ...(parameter.LastModifiedDate ? { modifiedAt: parameter.LastModifiedDate.toISOString() } : {}),
    };
  }

  protected async _getMultiple(): Promise<undefined> {
    throw new PolicySourceError('the policy is one parameter; nothing reads it by path');
  }
}

/** GetParameterHistory takes at most 50 versions a page. */
const HISTORY_PAGE = 50;

/**
 * The policy as a String parameter in SSM Parameter Store (BUCKET_KEY_POLICY_PARAM). The current
 * version comes through Powertools, cached for POLICY_CACHE_SECONDS (0: asked on every read); the
 * history, with each version's LastModifiedUser, straight from GetParameterHistory when a new version
 * appears. The role needs ssm:GetParameter and ssm:GetParameterHistory on this parameter only.
 */
export class SsmPolicySource implements PolicySource {
  private readonly provider: VersionedParameterProvider;

  constructor(
    private readonly ssm: SSMClient,
    readonly name: string,
    private readonly cacheSeconds: number,
  ) {
    this.provider = new VersionedParameterProvider(ssm);
  }

  async current(): Promise<PolicyVersion> {
    try {
      return (await this.provider.get(this.name, { maxAge: this.cacheSeconds })) as PolicyVersion;
    } catch (error) {
      throw new PolicySourceError(`cannot read SSM parameter ${this.name}`, { cause: error });
    }
  }

  async history(): Promise<PolicyVersion[]> {
    const versions: PolicyVersion[] = [];
    try {
      const pages = paginateGetParameterHistory(
        { client: this.ssm, pageSize: HISTORY_PAGE },
        { Name: this.name, MaxResults: HISTORY_PAGE },
      );
      for await (const page of pages) {
        for (const p of page.Parameters ?? []) {
          if (p.Version === undefined || p.Value === undefined) continue;
          versions.push({
            version: p.Version,
            text: p.Value,
            ...(p.LastModifiedDate ? { modifiedAt: p.LastModifiedDate.toISOString() } : {}),
            ...(p.LastModifiedUser ? { modifiedBy: p.LastModifiedUser } : {}),
          });
        }
      }
    } catch (error) {
      throw new PolicySourceError(`cannot read the history of SSM parameter ${this.name}`, { cause: error });
    }
    return versions.sort((a, b) => a.version - b.version);
  }
}
