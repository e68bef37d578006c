import { LightsailAccountKeyIssuers } from '../adapters/lightsail/lightsail-account-key-issuers.js';
import type { LightsailKeyIssuer } from '../adapters/lightsail/lightsail-key-issuer.js';
import { StsAccountCredentials } from '../adapters/sts/sts-account-credentials.js';
import type { Config } from '../config.js';
import type { Clock } from '../ports/clock.js';
import { awsRequestHandler, LOCAL_CREDENTIALS } from './build-dependencies.js';

/**
 * STS for the policy's other accounts. STS_ENDPOINT overrides the endpoint (with local credentials,
 * as the other `*_ENDPOINT` variables do); without it the SDK reads AWS_ENDPOINT_URL_STS itself,
 * else it calls STS in AWS_REGION with the function's own role.
 */
export function createAccountCredentials(config: Config, clock: Clock): StsAccountCredentials {
  const endpoint = config.aws.stsEndpoint;
  return StsAccountCredentials.withConfig(
    {
      region: config.aws.region,
      requestHandler: awsRequestHandler(config),
      ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {}),
    },
    clock,
  );
}

/** Every account's KeyIssuer: `home` for the bot's own, its clients with session credentials for the rest. */
export function createAccountKeyIssuers(
  config: Config,
  home: LightsailKeyIssuer,
  clock: Clock,
): LightsailAccountKeyIssuers {
  return new LightsailAccountKeyIssuers(home, createAccountCredentials(config, clock));
}
