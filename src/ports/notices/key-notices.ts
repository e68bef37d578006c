/** Key notices: see ../notifier.ts. */
// biome-ignore lint/complexity/noBannedTypes: filled in as the key use cases move to outcomes
export type KeyNotices = {};
