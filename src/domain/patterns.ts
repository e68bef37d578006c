/** The shapes of the identifiers the bot reads, each defined once. */

const USER_ID = '[UW][A-Z0-9]{2,20}';

/** Lightsail's own rule for bucket names (CreateBucket, GetBucketAccessKeys, ...). */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,52}[a-z0-9]$/;
/** A Slack user (U…, or W… on Enterprise Grid). */
export const SLACK_USER_ID = new RegExp(`^${USER_ID}$`);
/** A Slack user group (S…), whose members the directory expands. */
export const SLACK_USER_GROUP_ID = /^S[A-Z0-9]{2,20}$/;
/** Where approvers and auditors are named: a user or a user group. */
export const SLACK_USER_OR_GROUP_ID = /^[USW][A-Z0-9]{2,20}$/;
/** A public or private channel. */
export const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{2,20}$/;
/** A user mention as a slash command's text carries it (`should_escape`): `<@U…>` or `<@U…|name>`. */
export const SLACK_MENTION = new RegExp(`^<@(${USER_ID})(?:\\|[^>]*)?>$`);
export const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** Lightsail access key ids, as its API model bounds them. */
export const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
