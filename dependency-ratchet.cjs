/**
 * Use cases that still pick their own replies from slack/messages/, until each returns an outcome the
 * Slack layer renders. The list only shrinks: test/unit/architecture.test.ts fails on an entry that
 * no longer imports a builder, and no file outside it may start.
 */
module.exports = [
  'src/services/break-glass/announce-break-glass.ts',
  'src/services/break-glass/break-glass.ts',
  'src/services/break-glass/review-break-glass.ts',
  'src/services/break-glass/sweep-break-glass.ts',
  'src/services/failures.ts',
  'src/services/home/publish-home.ts',
  'src/services/issue/issue-key.ts',
  'src/services/issue/repair-claim.ts',
  'src/services/request/approve-request.ts',
  'src/services/request/decide-request.ts',
  'src/services/request/request-key.ts',
  'src/services/revoke-rotate/rotate-key.ts',
  'src/services/revoke-rotate/rotation.ts',
  'src/services/sweep/sweep-grants.ts',
  'src/services/sweep/sweep-key-warnings.ts',
  'src/services/sweep/sweep-reminders.ts',
  'src/services/sweep/sweep-rotations.ts',
  'src/services/sweep/sweep.ts',
];
