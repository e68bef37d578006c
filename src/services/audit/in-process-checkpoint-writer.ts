import type { CheckpointRequest, CheckpointResult, CheckpointWriter } from '../../ports/audit-checkpoints.js';
import { type CheckpointerDependencies, signCheckpoint } from './sign-checkpoint.js';

/** The checkpoint writer in this process (`npm start`, `npm run serve`, tests): the same code as its function. */
export class InProcessCheckpointWriter implements CheckpointWriter {
  constructor(private readonly deps: CheckpointerDependencies) {}

  write(request: CheckpointRequest): Promise<CheckpointResult> {
    return signCheckpoint(this.deps, request);
  }
}
