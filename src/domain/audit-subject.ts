import type { AuditSubject, ExportTarget } from './command.js';

/** How an audit subject is named in an event's detail and on screen (`<@U…>` is how Slack mentions a user). */
export function describeAuditSubject(subject: AuditSubject): string {
  switch (subject.kind) {
    case 'bucket':
      return `bucket ${subject.bucket}`;
    case 'user':
      return mentionOf(subject.userId);
    case 'actor':
      return `what ${mentionOf(subject.userId)} did`;
    case 'request':
      return `request ${subject.requestId}`;
  }
}

/** An export's target as its audit events name it: `all`, a bucket, a request, a user or `by` a user. */
export function describeExportTarget(target: ExportTarget, since?: string): string {
  const what =
    target.kind === 'all'
      ? 'all'
      : target.kind === 'bucket'
        ? target.bucket
        : target.kind === 'request'
          ? target.requestId
          : `${target.kind === 'actor' ? 'by ' : ''}${target.userId}`;
  return since ? `${what} since ${since}` : what;
}

function mentionOf(id: string): string {
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}
