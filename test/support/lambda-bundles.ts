import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { bundle, FUNCTIONS } from '../../scripts/build.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Builds the three Lambda bundles into `outRoot`, exactly as `npm run build` does. */
export async function buildBundles(
  outRoot = join(ROOT, 'dist'),
): Promise<Record<keyof typeof FUNCTIONS, string>> {
  const paths = {} as Record<keyof typeof FUNCTIONS, string>;
  for (const [name, entry] of Object.entries(FUNCTIONS) as Array<[keyof typeof FUNCTIONS, string]>) {
    paths[name] = join(await bundle(name, join(ROOT, entry), outRoot), 'index.js');
  }
  return paths;
}

/** Runs one invocation of a bundle in a fresh process with exactly `env` (plus PATH). */
export function invokeBundle(
  bundlePath: string,
  event: unknown,
  env: Record<string, string>,
): Promise<{ result: unknown; ms: number; arity: number; stdout: string; stderr: string }> {
  // ms: from handler ready to its answer, the part Slack waits for on a warm container.
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/invoke-bundle.mjs'), bundlePath], {
      env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`bundle exited ${code}: ${stderr}`));
      try {
        const parsed = JSON.parse(last) as {
          result: unknown;
          readyMs: number;
          firstAnswerMs: number;
          arity: number;
        };
        resolvePromise({
          result: parsed.result,
          ms: parsed.firstAnswerMs - parsed.readyMs,
          arity: parsed.arity,
          stdout,
          stderr,
        });
      } catch {
        reject(new Error(`no result from bundle: ${stdout} ${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(event));
  });
}

export interface WarmBundle {
  /** Invokes the loaded handler once more; resolves with what it returned (or rejects with its error). */
  invoke(event: unknown): Promise<unknown>;
  /** Everything the container printed so far (its logs). */
  output(): string;
  stop(): Promise<void>;
}

/** A bundle loaded once in a fresh process and invoked again and again, as a warm Lambda container. */
export function warmBundle(bundlePath: string, env: Record<string, string>): WarmBundle {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/warm-bundle.mjs'), bundlePath], {
    env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let printed = '';
  let pending = '';
  const waiting: Array<(line: string) => void> = [];
  child.stdout.on('data', (chunk) => {
    printed += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('{"result"') || line.startsWith('{"error"')) waiting.shift()?.(line);
    }
  });
  child.stderr.on('data', (chunk) => {
    printed += chunk;
  });
  return {
    invoke(event) {
      return new Promise((resolvePromise, reject) => {
        waiting.push((line) => {
          const answer = JSON.parse(line) as { result?: unknown; error?: string };
          if (answer.error !== undefined) reject(new Error(answer.error));
          else resolvePromise(answer.result);
        });
        child.stdin.write(`${JSON.stringify(event)}\n`);
      });
    },
    output: () => printed,
    stop: () =>
      new Promise((resolvePromise) => {
        child.once('close', () => resolvePromise());
        child.stdin.end();
      }),
  };
}
