/** Request notices: see ../notifier.ts. */
// biome-ignore lint/complexity/noBannedTypes: filled in as the request use cases move to outcomes
export type RequestNotices = {};
