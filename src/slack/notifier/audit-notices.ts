import { describeExportTarget } from '../../domain/audit-subject.js';
import type { ExportTarget } from '../../domain/command.js';
import type { AuditNotices, ExportPart } from '../../ports/notices/audit-notices.js';
import { chainHeadPost, editedNote } from '../messages/audit-chain-messages.js';
import type { NoticeContext } from './notice-context.js';

/** Audit notices, worded with the builders in ../messages/. */
export function auditNotices(context: NoticeContext): AuditNotices {
  return {
    async chainHeadWitnessed(head, checkpoint) {
      await context.messenger.post(context.approvalChannelId, chainHeadPost(head, checkpoint));
    },
    async exportPartReady(userId, part) {
      await context.messenger.uploadFile(userId, exportFile(part));
    },
  };
}

/** `bucket-key-audit-<target>-<day>-part-<n>.<format>`, titled for people, with a note when rows are marked edited. */
export function exportFile(part: ExportPart): {
  filename: string;
  title: string;
  content: string;
  comment?: string;
} {
  return {
    filename: `bucket-key-audit-${fileLabel(part.target)}-${part.day}-part-${part.number}.${part.format}`,
    title: `Audit log: ${describeExportTarget(part.target, part.since)} (part ${part.number})`,
    content: part.content,
    ...(part.edited.length ? { comment: editedNote(part.edited).replace(/`/g, '') } : {}),
  };
}

function fileLabel(target: ExportTarget): string {
  return target.kind === 'all'
    ? 'all'
    : target.kind === 'bucket'
      ? target.bucket
      : target.kind === 'request'
        ? target.requestId
        : target.userId;
}
