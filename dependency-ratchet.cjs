/**
 * Use cases that still pick their own replies from slack/messages/, until each returns an outcome the
 * Slack layer renders. The list only shrinks: test/unit/architecture.test.ts fails on an entry that
 * no longer imports a builder, and no file outside it may start.
 */
module.exports = [
  'src/services/audit/export-audit.ts',
  'src/services/audit/lookup-audit.ts',
  'src/services/audit/verify-audit.ts',
  'src/services/break-glass/break-glass.ts',
  'src/services/failures.ts',
  'src/services/issue/issue-key.ts',
  'src/services/issue/repair-claim.ts',
  'src/services/request/approve-request.ts',
  'src/services/request/decide-request.ts',
  'src/services/request/request-key.ts',
  'src/services/revoke-rotate/rotate-key.ts',
  'src/services/revoke-rotate/rotation.ts',
  'src/services/sweep/sweep-chain-head.ts',
];
