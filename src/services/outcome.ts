/**
 * A call to Lightsail (or another service) failed: the Slack layer explains it to the person, with a
 * reference in the logs, and alerts the approvers where only they can act (see failures.ts).
 */
export interface FailedCall {
  kind: 'failed';
  error: unknown;
  where: { bucket: string; region: string; action: string };
}
