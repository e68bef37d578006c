import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AccountOfKey } from '../lightsail/lightsail-emulator.js';

/**
 * The Lightsail emulator's answer to "whose key is this?", asked of an STS stand-in that issued the
 * keys (moto_server: its assumed-role keys belong to the role's account, any other key to its
 * default account, 123456789012). The emulator never sees the secret, so the call is signed with
 * a placeholder: moto checks no signatures unless its IAM checks are switched on.
 */
export function stsCallerAccount(stsEndpoint: string, region = 'us-east-1'): AccountOfKey {
  return async (accessKeyId, sessionToken) => {
    const sts = new STSClient({
      region,
      endpoint: stsEndpoint,
      maxAttempts: 1,
      credentials: {
        accessKeyId,
        secretAccessKey: 'not-known-to-the-emulator',
        ...(sessionToken ? { sessionToken } : {}),
      },
    });
    try {
      return (await sts.send(new GetCallerIdentityCommand({}))).Account;
    } finally {
      sts.destroy();
    }
  };
}
