import type { WebClient } from '@slack/web-api';
import type { PersonStatus } from '../../domain/policy-explain.js';
import type { Clock } from '../../ports/clock.js';
import type { Directory } from '../../ports/directory.js';

/**
 * Every decision (approve, deny, revoke, review, audit reads) asks here, so this is how long someone
 * removed from a group keeps its rights. usergroups.users.list is a Tier 2 method (about 20 calls a
 * minute), so re-reading it on every click would fail under a burst of them.
 */
const GROUP_CACHE_MS = 30_000;

/** Expands user-group ids (S…) with usergroups.users.list, cached for 30 seconds. */
export class SlackDirectory implements Directory {
  private readonly groups = new Map<string, { members: string[]; until: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly clock: Clock,
  ) {}

  async expand(ids: readonly string[]): Promise<Set<string>> {
    const users = new Set<string>();
    for (const id of ids) {
      if (!id.startsWith('S')) users.add(id);
      else for (const member of await this.members(id)) users.add(member);
    }
    return users;
  }

  /** users.info: deactivated, guest, or from another organisation. Undefined for an unknown user. */
  async describe(userId: string): Promise<PersonStatus | undefined> {
    try {
      const out = await this.client.users.info({ user: userId });
      const user = out.user;
      if (!user) return undefined;
      const guest = user.is_ultra_restricted
        ? 'single-channel'
        : user.is_restricted
          ? 'multi-channel'
          : undefined;
      return {
        deleted: user.deleted === true,
        ...(guest ? { guest } : {}),
        ...(user.is_stranger ? { stranger: true } : {}),
      };
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error === 'user_not_found') return undefined;
      throw error;
    }
  }

  private async members(groupId: string): Promise<string[]> {
    const now = this.clock.now().getTime();
    const cached = this.groups.get(groupId);
    if (cached && cached.until > now) return cached.members;
    const out = await this.client.usergroups.users.list({ usergroup: groupId });
    const members = out.users ?? [];
    this.groups.set(groupId, { members, until: now + GROUP_CACHE_MS });
    return members;
  }
}
