import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { close } from '../http.js';

const require = createRequire(import.meta.url);

export interface LocalDynamoDb {
  url: string;
  stop(): Promise<void>;
}

/**
 * dynalite in this process on a free loopback port. In memory by default; with `path`
 * its LevelDB data survives restarts. It has no transactions and no TTL expiry, and
 * the bot relies on neither.
 */
export async function startLocalDynamoDb(
  options: { path?: string; port?: number } = {},
): Promise<LocalDynamoDb> {
  const dynalite = require('dynalite') as (opts: Record<string, unknown>) => Server;
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => close(server) };
}
