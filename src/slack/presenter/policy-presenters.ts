import type { ExplainPolicyOutcome } from '../../services/policy/explain-policy.js';
import type { ShowPolicyOutcome } from '../../services/policy/show-policy.js';
import { policyExplained, policyNotAllowed, policyShown } from '../messages/policy-messages.js';
import type { Presentation } from './deliveries.js';

/** `/bucket-key policy`: in place of the command's acknowledgement. */
export function presentPolicy(outcome: ShowPolicyOutcome): Presentation {
  const message =
    outcome.kind === 'policy_shown'
      ? policyShown(outcome.provenance, { buckets: outcome.buckets, restricted: outcome.restricted })
      : policyNotAllowed('policy');
  return { deliveries: [{ to: 'origin', message, replaceOriginal: true }] };
}

/** `/bucket-key policy explain`: in place of the command's acknowledgement. */
export function presentPolicyExplain(outcome: ExplainPolicyOutcome): Presentation {
  const message =
    outcome.kind === 'bucket_explained'
      ? policyExplained(outcome.explanation, outcome.groups, outcome.standing)
      : policyNotAllowed('others');
  return { deliveries: [{ to: 'origin', message, replaceOriginal: true }] };
}
