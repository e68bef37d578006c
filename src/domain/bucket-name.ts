/** Lightsail's own pattern for bucket names (CreateBucket, GetBucketAccessKeys, ...). */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,52}[a-z0-9]$/;
