import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Job, JobQueue } from '../../ports/job-queue.js';

/** The production job port: an asynchronous (`Event`) invocation of the worker function. */
export class LambdaJobQueue implements JobQueue {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly workerFunctionName: string,
  ) {}

  async enqueue(job: Job): Promise<void> {
    await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.workerFunctionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(job)),
      }),
    );
  }
}
