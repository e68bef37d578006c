import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A program some suites need that a fresh machine may lack (it has Node.js and npm only). */
export interface ToolCheck {
  tool: 'chromium' | 'java' | 'moto_server';
  /** Absolute path of the program, when found on PATH. */
  path?: string;
  /** What needs it, for the line printed when it is missing. */
  neededBy: string;
  install: string;
}

const TOOLS = [
  {
    tool: 'chromium',
    names: ['chromium', 'chromium-browser'],
    neededBy: 'the browser suite (test/e2e)',
    install: 'apt-get install chromium fonts-noto-color-emoji',
  },
  {
    tool: 'java',
    names: ['java'],
    neededBy:
      "the DynamoDB Local variant of the DynamoDB suites (Amazon's own DynamoDB Local runs on Java 17)",
    install: 'apt-get install default-jre-headless',
  },
  {
    tool: 'moto_server',
    names: ['moto_server'],
    neededBy:
      "the suites against moto_server (the audit evidence in test/evidence: S3 Object Lock, KMS, EventBridge; STS and other accounts in test/**/*.moto.test.ts; moto's Parameter Store beside the SSM stand-in)",
    install: "pip install 'moto[server]'",
  },
] as const;

/** Looks each program up on PATH, as a shell would. */
export function detectTools(env: Record<string, string | undefined> = process.env): ToolCheck[] {
  return TOOLS.map(({ names, ...check }) => {
    const path = names.map((name) => findOnPath(name, env.PATH ?? '')).find(Boolean);
    return path ? { ...check, path } : { ...check };
  });
}

export interface ToolPlan {
  /** One line per missing program: what is skipped and how to install it. */
  skipped: string[];
  /** Under CI a missing program is a failure, never a skip. */
  failure?: string;
  chromium?: string;
  java?: string;
  moto_server?: string;
}

/** What `npm test` does about missing programs: skip their suites and say so, or fail under CI. */
export function planTools(env: Record<string, string | undefined> = process.env): ToolPlan {
  const checks = detectTools(env);
  const missing = checks.filter((check) => !check.path);
  const lines = missing.map(
    (check) => `skipped ${check.neededBy}: \`${check.tool}\` is not on PATH (install: ${check.install})`,
  );
  const found = Object.fromEntries(checks.flatMap((check) => (check.path ? [[check.tool, check.path]] : [])));
  if (env.CI === 'true' && missing.length > 0) {
    const needs = missing.map((check) => `\`${check.tool}\` for ${check.neededBy} (${check.install})`);
    return {
      skipped: [],
      failure: `CI=true runs every suite, but these programs are missing: ${needs.join('; ')}`,
      ...found,
    };
  }
  return { skipped: lines, ...found };
}

function findOnPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
