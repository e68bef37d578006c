/**
 * What kind of Slack account someone has, as `users.info` reports it: a full member, a guest
 * (`is_restricted`; `is_ultra_restricted` for a single-channel guest), someone of another
 * organisation over Slack Connect (`is_stranger`), or a deactivated account (`deleted`).
 * `unknown` when Slack could not be asked.
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

/** The kind `users.info` describes, from its flags. */
export function personKindOf(user: {
  deleted?: boolean;
  is_stranger?: boolean;
  is_ultra_restricted?: boolean;
  is_restricted?: boolean;
}): PersonKind {
  if (user.deleted) return 'deactivated';
  if (user.is_stranger) return 'external';
  if (user.is_ultra_restricted) return 'single_channel_guest';
  if (user.is_restricted) return 'multi_channel_guest';
  return 'member';
}
