import type { PersonStatus } from './policy-explain.js';

/**
 * What kind of Slack account someone has, as the directory reports it (users.info): a full member,
 * a guest (multi- or single-channel), someone of another organisation over Slack Connect, or a
 * deactivated account. `unknown` when the directory could not tell.
 */
export type PersonKind =
  | 'member'
  | 'multi_channel_guest'
  | 'single_channel_guest'
  | 'external'
  | 'deactivated'
  | 'unknown';

/** How a kind of account reads beside a name; a full member needs no label. */
export function describePersonKind(kind: PersonKind): string | undefined {
  switch (kind) {
    case 'member':
      return undefined;
    case 'multi_channel_guest':
      return 'guest';
    case 'single_channel_guest':
      return 'single-channel guest';
    case 'external':
      return 'external (Slack Connect)';
    case 'deactivated':
      return 'deactivated';
    case 'unknown':
      return 'account type unknown';
  }
}

/** The kind of account a directory's status describes; `unknown` when it could not tell. */
export function personKindOf(status: PersonStatus | undefined): PersonKind {
  if (!status) return 'unknown';
  if (status.deleted) return 'deactivated';
  if (status.stranger) return 'external';
  if (status.guest === 'single-channel') return 'single_channel_guest';
  if (status.guest === 'multi-channel') return 'multi_channel_guest';
  return 'member';
}
