/** The people, groups and channels the Slack stand-in knows. */
export interface Workspace {
  botToken: string;
  /** The app-level token (`xapp-…`) that opens Socket Mode connections. */
  appToken?: string;
  botUserId: string;
  botId: string;
  teamId: string;
  users: Record<
    string,
    {
      name: string;
      realName: string;
      /** Deactivated (users.info `deleted`). */
      deleted?: boolean;
      /** A multi-channel (`is_restricted`) or single-channel (`is_ultra_restricted`) guest. */
      guest?: 'multi-channel' | 'single-channel';
    }
  >;
  groups: Record<string, string[]>;
  /** Public or private channels, with the members (the bot must be one to post). */
  channels: Record<string, { name: string; members: string[] }>;
}

/** A recorded message, as a client would see it in that channel. */
export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: Block Kit as sent
  blocks?: any[];
  /** Set on ephemeral messages: the only user who sees it. */
  visibleTo?: string;
  /** Where it came from: a Web API method or a response_url. */
  via: string;
  /** Files shared with the message (files.completeUploadExternal). */
  files?: Array<{ id: string; name: string; title: string }>;
  replaced?: boolean;
  /** A reply in a thread: the `ts` of the thread's parent message. */
  threadTs?: string;
}

export function demoWorkspace(botToken: string): Workspace {
  return {
    botToken,
    botUserId: 'UBUCKETKEY',
    botId: 'BBUCKETKEY',
    teamId: 'T0DEMO0001',
    users: {
      UREQUESTER: { name: 'riley', realName: 'Riley Requester' },
      UAPPROVER1: { name: 'alex', realName: 'Alex Approver' },
      UAPPROVER2: { name: 'sam', realName: 'Sam Approver' },
      UAUDITOR01: { name: 'ari', realName: 'Ari Auditor' },
    },
    groups: {},
    channels: {
      CAPPROVALS: { name: 'bucket-key-approvals', members: ['UBUCKETKEY', 'UAPPROVER1', 'UAPPROVER2'] },
      CGENERAL01: {
        name: 'general',
        members: ['UBUCKETKEY', 'UREQUESTER', 'UAPPROVER1', 'UAPPROVER2', 'UAUDITOR01'],
      },
    },
  };
}

export function dmChannelOf(userId: string): string {
  return `D${userId.slice(1)}`;
}
