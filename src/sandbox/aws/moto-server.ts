import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { sleep } from '../http.js';

const START_TIMEOUT_MS = 30_000;

export interface MotoServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * moto's server (`moto_server`, a Python package) on a free loopback port: S3 with Object Lock, KMS
 * Sign and GetPublicKey, EventBridge, SQS. Each suite starts its own, so no state is shared.
 */
export async function startMotoServer(program = 'moto_server'): Promise<MotoServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(program, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'pipe' });
    const url = `http://127.0.0.1:${port}`;
    try {
      await untilAnswering(url, child);
      return { url, stop: () => stopProcess(child) };
    } catch (error) {
      await stopProcess(child);
      if (attempt >= 3) throw new Error('moto_server did not start', { cause: error });
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function untilAnswering(url: string, child: ChildProcess): Promise<void> {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
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
      const answer = await fetch(`${url}/moto-api/`);
      if (answer.ok || answer.status < 500) return;
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
