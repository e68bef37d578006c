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
  /** App Home's "Request a key": opens the request modal. */
  openRequestModal: 'open_request_modal',
  /** App Home's "Cancel request" on a pending request of one's own. */
  cancelRequest: 'cancel_request',
  /** Keep and Revoke on a key under access review (Revoke behind Slack's confirmation dialog). */
  reviewKeep: 'review_keep',
  reviewRevoke: 'review_revoke',
  /** Previous / Next page of a reviewer's DM. */
  reviewPage: 'review_page',
} as const;

/**
 * action_id of the request modal's inputs. Not buttons: their values arrive in view_submission, and the
 * picker's options in block_suggestion; a block_actions naming one is an unknown action.
 */
export const FORM_INPUT = {
  /** external_select; its options come from block_suggestion. */
  bucketPicker: 'request_bucket',
  reasonInput: 'request_reason',
  lifetimeInput: 'request_lifetime',
} as const;

/** callback_id of the global shortcut (manifest.yml) and of the request modal. */
export const SHORTCUT = { requestKey: 'request_key' } as const;
export const VIEW = { requestKey: 'request_key_modal' } as const;

/** block_id of the request modal's inputs: `response_action: errors` names these. */
export const REQUEST_FORM_BLOCK = { bucket: 'bucket', reason: 'reason', lifetime: 'lifetime' } as const;
