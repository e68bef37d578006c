import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const SHIMS = resolve(import.meta.dirname, 'lambda-shims');

/**
 * For the `http` function: Bolt's index loads every receiver (Express, Socket Mode, OAuth, raw-body)
 * at require time, and App loads two it never uses when given a receiver. Route `@slack/bolt` to
 * App plus AwsLambdaReceiver, those two receivers to a stub, and the AWS SDK's default credential
 * chain to Lambda's environment credentials: the bundle and its cold start shrink.
 */
const slimBolt: Plugin = {
  name: 'slim-bolt',
  setup(b) {
    b.onResolve({ filter: /^@slack\/bolt$/ }, () => ({ path: join(SHIMS, 'bolt.cjs') }));
    // Credentials come from the environment on Lambda: no SSO, ini, web identity or IMDS providers.
    b.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: join(SHIMS, 'env-credentials.mjs'),
    }));
    b.onResolve({ filter: /^\.\/receivers\/(HTTPReceiver|SocketModeReceiver)$/ }, (args) =>
      args.importer.includes(join('@slack', 'bolt'))
        ? { path: join(SHIMS, 'unbundled-receiver.cjs') }
        : undefined,
    );
  },
};

/**
 * The AWS SDK's clients, Bolt and WebClient read their package.json only for `name` and `version`
 * (their user agent); bundle those two fields rather than every file's whole manifest.
 */
const packageVersionsOnly: Plugin = {
  name: 'package-versions-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]@(aws-sdk|slack)[\\/][^\\/]+[\\/]package\.json$/ }, (args) => {
      const { name, version } = JSON.parse(readFileSync(args.path, 'utf8')) as {
        name: string;
        version: string;
      };
      return { contents: JSON.stringify({ name, version }), loader: 'json' };
    });
  },
};

/** One small bundle per Lambda function; serverless.yml packages each folder on its own. */
export const FUNCTIONS = {
  http: 'src/entrypoints/lambda-http.ts',
  worker: 'src/entrypoints/lambda-worker.ts',
  sweeper: 'src/entrypoints/lambda-sweeper.ts',
} as const;

export async function bundle(
  name: string,
  entry: string,
  outRoot = 'dist',
  slim = name === 'http',
  /** Module aliases, for comparison builds only (the benchmark's worker with zod's classic API). */
  alias: Record<string, string> = {},
): Promise<string> {
  const dir = join(outRoot, name);
  mkdirSync(dir, { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile: join(dir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // Prefer packages' ES module builds: they tree-shake (the AWS SDK's dist-cjs does not).
    mainFields: ['module', 'main'],
    target: 'node20',
    minify: true,
    sourcemap: true,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: slim ? [slimBolt, packageVersionsOnly] : [packageVersionsOnly],
    alias,
  });
  // The repository is ESM; each bundle folder says its index.js is CommonJS.
  writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(result.metafile));
  return dir;
}

if (process.argv[1]?.endsWith('build.ts')) {
  for (const [name, entry] of Object.entries(FUNCTIONS)) await bundle(name, entry);
  console.log(`bundled ${Object.keys(FUNCTIONS).join(', ')} into dist/`);
}
