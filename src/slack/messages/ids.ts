/** action_id of every interactive element; listeners register on these. */
export const ACTION = {
  approve: 'approve_request',
  deny: 'deny_request',
  createKeyNow: 'create_key_now',
  auditMore: 'audit_more',
  revokeConfirm: 'revoke_confirm',
  revokeCancel: 'revoke_cancel',
  /** "I'm done": Revoke on the secret's message, App Home and warnings; Slack's own dialog confirms. */
  revokeNow: 'revoke_now',
  rotateNow: 'rotate_now',
  breakGlassReviewed: 'break_glass_reviewed',
  breakGlassRevoke: 'break_glass_revoke',
} as const;
