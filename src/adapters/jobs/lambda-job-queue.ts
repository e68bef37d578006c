import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Job, JobQueue, SignedSlackRequest } from '../../ports/job-queue.js';

/**
 * The production job port: an asynchronous (`Event`) invocation of the worker function. The payload is
 * Slack's signed request and nothing else: the worker derives the job from it after checking the
 * signature, so a job this code did not get from Slack cannot be handed on.
 */
export class LambdaJobQueue implements JobQueue {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly workerFunctionName: string,
  ) {}

  async enqueue(job: Job, signed?: SignedSlackRequest): Promise<void> {
    if (!signed) throw new Error(`a ${job.kind} job without Slack's signed request cannot go to the worker`);
    await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.workerFunctionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify({ slackRequest: signed })),
      }),
    );
  }
}
