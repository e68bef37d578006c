import type { PersonStatus } from '../domain/policy-explain.js';

/** Resolves Slack user-group ids (S…) to their members; user ids pass through. */
export interface Directory {
  expand(ids: readonly string[]): Promise<Set<string>>;
  /**
   * What the directory says of one person now (deactivated, guest), or undefined when it cannot tell
   * (no such user). Optional: a directory that knows only groups leaves it out.
   */
  describe?(userId: string): Promise<PersonStatus | undefined>;
}
