import { type SecretName, withSecretsFromSsm } from '../adapters/secrets/ssm-secrets.js';

/**
 * What a Lambda container builds from its secrets (the Bolt app, the clients), reused across
 * invocations until a secret changes. Every invocation asks for the secrets; Powertools answers from
 * its cache until SECRETS_CACHE_SECONDS have passed, then reads SSM again, so a rotated signing secret
 * or bot token is used by warm containers within that time, and requests signed with the old secret
 * are refused from then on. A failed build is forgotten, so the next invocation tries again.
 */
export function initPerSecrets<T>(
  secrets: readonly SecretName[],
  build: (env: Record<string, string | undefined>) => Promise<T>,
): () => Promise<T> {
  let current: { key: string; value: Promise<T> } | undefined;
  return async () => {
    const env = await withSecretsFromSsm(process.env, secrets);
    const key = secrets.map((name) => env[name] ?? '').join('\u0000');
    if (current?.key !== key) {
      const value = build(env);
      const attempt = { key, value };
      current = attempt;
      value.catch(() => {
        if (current === attempt) current = undefined;
      });
    }
    return current.value;
  };
}
