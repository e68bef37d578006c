import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { CheckpointRequest, CheckpointResult, CheckpointWriter } from '../../ports/audit-checkpoints.js';

/**
 * The checkpoint writer as its own function (a synchronous Invoke): the worker and the sweeper ask,
 * its role alone may sign with the KMS key, put into the checkpoint bucket and write checkpoint
 * records. A failed invocation is a `failed` result, never a throw: no checkpoint is the outcome.
 */
export class LambdaCheckpointWriter implements CheckpointWriter {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async write(request: CheckpointRequest): Promise<CheckpointResult> {
    try {
      const out = await this.lambda.send(
        new InvokeCommand({
          FunctionName: this.functionName,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(request)),
        }),
      );
      const text = new TextDecoder().decode(out.Payload ?? new Uint8Array());
      if (out.FunctionError)
        return { kind: 'failed', reason: `the checkpoint writer failed (${out.FunctionError})` };
      return JSON.parse(text) as CheckpointResult;
    } catch (error) {
      return {
        kind: 'failed',
        reason: `the checkpoint writer could not be reached (${(error as Error).name})`,
      };
    }
  }
}
