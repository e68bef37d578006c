/** Audit notices: see ../notifier.ts. */
// biome-ignore lint/complexity/noBannedTypes: filled in as the audit use cases move to outcomes
export type AuditNotices = {};
