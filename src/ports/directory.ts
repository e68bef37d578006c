/** Resolves Slack user-group ids (S…) to their members; user ids pass through. */
export interface Directory {
  expand(ids: readonly string[]): Promise<Set<string>>;
}
