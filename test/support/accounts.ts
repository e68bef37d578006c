import type { Account } from '../../src/domain/account.js';
import type { RecordedRequest } from './recording-proxy.js';

/** Two target accounts as the policy would name them. */
export const PROD: Account = {
  name: 'prod',
  id: '111111111111',
  roleArn: 'arn:aws:iam::111111111111:role/bucket-key',
  externalId: 'prod-3f9a7c1e5b2d4a60',
  regions: ['eu-west-1'],
  sensitive: true,
  label: 'Production',
};
export const STAGING: Account = {
  name: 'staging',
  id: '222222222222',
  roleArn: 'arn:aws:iam::222222222222:role/bucket-key',
  externalId: 'staging-8c41d2e07f6b9a35',
  regions: ['eu-west-1'],
  sensitive: false,
  label: 'staging',
};

/** The bot's own credentials in tests: moto's default account owns any key it did not issue. */
export const BOT_CREDENTIALS = { accessKeyId: 'AKIABOTOWNACCOUNT000', secretAccessKey: 'bot-secret' };

/** The parameters of each AssumeRole call among the recorded requests (STS's query protocol). */
export function assumeRoleCalls(requests: readonly RecordedRequest[]): Array<Record<string, string>> {
  return requests
    .map((request) => Object.fromEntries(new URLSearchParams(request.body)))
    .filter((params) => params.Action === 'AssumeRole');
}

/** What moto itself recorded of each assumed role (its /moto-api/data.json): account, ExternalId, session. */
export async function motoAssumedRoles(
  motoUrl: string,
): Promise<Array<{ account_id: string; external_id: string; session_name: string; access_key_id: string }>> {
  const data = (await (await fetch(`${motoUrl}/moto-api/data.json`)).json()) as {
    sts?: {
      AssumedRole?: Array<{
        account_id: string;
        external_id: string;
        session_name: string;
        access_key_id: string;
      }>;
    };
  };
  return data.sts?.AssumedRole ?? [];
}
