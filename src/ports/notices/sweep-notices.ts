/** Sweep notices: see ../notifier.ts. */
// biome-ignore lint/complexity/noBannedTypes: filled in as the sweep use cases move to outcomes
export type SweepNotices = {};
