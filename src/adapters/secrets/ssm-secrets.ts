import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ConfigError } from '../../domain/errors.js';

/** Which environment variable is filled from which `*_PARAM` parameter name. */
const SECRETS = {
  SLACK_SIGNING_SECRET: 'SLACK_SIGNING_SECRET_PARAM',
  SLACK_BOT_TOKEN: 'SLACK_BOT_TOKEN_PARAM',
} as const;

/** Five minutes, as Powertools suggests: a rotated token is picked up without a redeploy. */
const MAX_AGE_SECONDS = 300;

let provider: SSMProvider | undefined;

/**
 * Fills the Slack secrets from SSM Parameter Store SecureStrings named by `*_PARAM`
 * (decrypted, cached by Powertools). Only the named ones are read: the worker never asks
 * for the signing secret. Values already in the environment are left alone (local runs).
 */
export async function withSecretsFromSsm(
  env: Record<string, string | undefined>,
  wanted: ReadonlyArray<keyof typeof SECRETS>,
): Promise<Record<string, string | undefined>> {
  const filled = { ...env };
  const missing = wanted.filter((variable) => env[SECRETS[variable]] && !filled[variable]);
  if (missing.length === 0) return filled;
  provider ??= new SSMProvider({
    awsSdkV3Client: new SSMClient(env.SSM_ENDPOINT ? { endpoint: env.SSM_ENDPOINT } : {}),
  });
  const ssm = provider;
  // Read in parallel: each is a round trip on the cold-start path.
  await Promise.all(
    missing.map(async (variable) => {
      const parameter = String(env[SECRETS[variable]]);
      try {
        filled[variable] = await ssm.get(parameter, { decrypt: true, maxAge: MAX_AGE_SECONDS });
      } catch (error) {
        throw new ConfigError(`${variable}: cannot read SSM parameter ${parameter}`, { cause: error });
      }
      if (!filled[variable]) throw new ConfigError(`${variable}: SSM parameter ${parameter} is empty`);
    }),
  );
  return filled;
}
