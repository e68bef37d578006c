import type { PostedHead } from '../../domain/audit-chain.js';
import type { CheckpointSummary } from '../../domain/audit-checkpoint.js';
import type { ExportFormat, ExportTarget } from '../../domain/command.js';

/** One numbered file of an audit export, as its rows were written. */
export interface ExportPart {
  target: ExportTarget;
  since?: string;
  format: ExportFormat;
  /** The export's day (YYYY-MM-DD), in the file name. */
  day: string;
  number: number;
  content: string;
  /** Sequence numbers in this part whose fields no longer match their hash. */
  edited: number[];
}

/** Audit notices: see ../notifier.ts. */
export type AuditNotices = {
  /**
   * The daily outside witness: the chain head, and the newest signed checkpoint, in the approvers'
   * channel. Throws when Slack refuses it (the caller logs it; that day has no witness).
   */
  chainHeadWitnessed(head: PostedHead, checkpoint?: CheckpointSummary): Promise<void>;
  /** One part of an audit export, as a file in the person's DM. Throws when Slack refuses it. */
  exportPartReady(userId: string, part: ExportPart): Promise<void>;
};
