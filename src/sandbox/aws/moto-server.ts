import { type ChildProcess, spawn } from 'node:child_process';
import { freePort, sleep } from '../http.js';

const START_TIMEOUT_MS = 30_000;

/** A moto_server of our own on loopback: its URL, a way to switch on its IAM checks, and stop. */
export interface MotoServer {
  url: string;
  /**
   * From the next call on, moto checks every caller's signature and IAM policies, as AWS does
   * (its `/moto-api/reset-auth`). Make the users and policies the test needs before this.
   */
  enforceIam(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `moto_server` (the `moto[server]` Python package) on a free loopback port. */
export async function startMotoServer(program = 'moto_server'): Promise<MotoServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(program, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'pipe' });
    const url = `http://127.0.0.1:${port}`;
    try {
      await untilAnswering(url, child);
      return {
        url,
        enforceIam: async () => {
          const answer = await fetch(`${url}/moto-api/reset-auth`, { method: 'POST', body: '0' });
          if (!answer.ok) throw new Error(`moto_server refused reset-auth: HTTP ${answer.status}`);
        },
        stop: () => stopProcess(child),
      };
    } catch (error) {
      await stopProcess(child);
      // Another process may have taken the port between our probe and moto's bind.
      if (attempt >= 3) throw new Error('moto_server did not start', { cause: error });
    }
  }
}

/** Polls moto's own API until it answers; fails at once if the process exits. */
async function untilAnswering(url: string, child: ChildProcess): Promise<void> {
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}: ${output.trim().slice(-500)}`;
  });
  child.once('error', (error) => {
    exited = `could not start: ${error.message}`;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`moto_server ${exited}`);
    try {
      if ((await fetch(`${url}/moto-api/data.json`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`moto_server did not answer within ${START_TIMEOUT_MS} ms: ${output.slice(-500)}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
