import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ConfigError } from '../../domain/errors.js';

/** Which environment variable is filled from which `*_PARAM` parameter name. */
const SECRETS = {
  SLACK_SIGNING_SECRET: 'SLACK_SIGNING_SECRET_PARAM',
  SLACK_BOT_TOKEN: 'SLACK_BOT_TOKEN_PARAM',
} as const;

export type SecretName = keyof typeof SECRETS;

/**
 * How long a secret read from SSM is reused: five minutes by default, so a rotated secret is picked up
 * by warm containers without a redeploy. SECRETS_CACHE_SECONDS changes it (0: read on every invocation).
 */
export const DEFAULT_SECRETS_CACHE_SECONDS = 300;

function cacheSeconds(env: Record<string, string | undefined>): number {
  const text = env.SECRETS_CACHE_SECONDS;
  if (text === undefined || text === '') return DEFAULT_SECRETS_CACHE_SECONDS;
  if (!/^\d{1,6}$/.test(text))
    throw new ConfigError('SECRETS_CACHE_SECONDS must be a whole number of seconds');
  return Number(text);
}

let provider: SSMProvider | undefined;

/**
 * Fills the Slack secrets from SSM Parameter Store SecureStrings named by `*_PARAM`
 * (decrypted, cached by Powertools). Only the named ones are read: the sweeper never asks
 * for the signing secret. Values already in the environment are left alone (local runs).
 */
export async function withSecretsFromSsm(
  env: Record<string, string | undefined>,
  wanted: readonly SecretName[],
): Promise<Record<string, string | undefined>> {
  const filled = { ...env };
  const missing = wanted.filter((variable) => env[SECRETS[variable]] && !filled[variable]);
  if (missing.length === 0) return filled;
  provider ??= new SSMProvider({
    awsSdkV3Client: new SSMClient(env.SSM_ENDPOINT ? { endpoint: env.SSM_ENDPOINT } : {}),
  });
  const maxAge = cacheSeconds(env);
  const nameOf = (variable: SecretName) => String(env[SECRETS[variable]]);
  const names = Object.fromEntries(missing.map((variable) => [nameOf(variable), {}]));
  // Powertools' batch read takes a maxAge of 0 as unset (5 s): "read every time" empties its cache.
  if (maxAge === 0) provider.clearCache();
  let values: Record<string, unknown>;
  try {
    // One GetParameters for all of them: on a cold start, one round trip (and one TLS connection).
    values = await provider.getParametersByName(names, {
      decrypt: true,
      maxAge,
      throwOnError: false,
    });
  } catch (error) {
    throw new ConfigError(`cannot read SSM parameters ${Object.keys(names).join(', ')}`, { cause: error });
  }
  for (const variable of missing) {
    const value = values[nameOf(variable)];
    // SSM lists a name it cannot read under InvalidParameters; Powertools leaves it out.
    if (typeof value !== 'string' || !value)
      throw new ConfigError(`${variable}: cannot read SSM parameter ${nameOf(variable)}`);
    filled[variable] = value;
  }
  return filled;
}
