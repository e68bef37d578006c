/** BreakGlass notices: see ../notifier.ts. */
// biome-ignore lint/complexity/noBannedTypes: filled in as the break-glass use cases move to outcomes
export type BreakGlassNotices = {};
