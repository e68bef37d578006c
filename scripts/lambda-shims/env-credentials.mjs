// What the Lambda bundles take for @aws-sdk/credential-provider-node: Lambda always hands a
// function its role's credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN,
// so the rest of the default chain (SSO, ini files, web identity, IMDS, with their own STS and SSO
// clients) is dead weight on every cold start. Same signature as the real `defaultProvider`.
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init = {}) => fromEnv(init);
// The real module also exports these; the SDK's clients only call defaultProvider.
export const credentialsWillNeedRefresh = () => false;
export const credentialsTreatedAsExpired = () => false;
