import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BuildOptions, build, type Plugin } from 'esbuild';

const SHIMS = resolve(import.meta.dirname, 'lambda-shims');

/**
 * For the `http` function: Bolt's index loads every receiver (Express, Socket Mode, OAuth, raw-body)
 * at require time, and App loads two it never uses when given a receiver. Route `@slack/bolt` to
 * App plus AwsLambdaReceiver, and those two receivers to a stub: the bundle and its cold start shrink.
 */
const slimBolt: Plugin = {
  name: 'slim-bolt',
  setup(b) {
    b.onResolve({ filter: /^@slack\/bolt$/ }, () => ({ path: join(SHIMS, 'bolt.cjs') }));
    b.onResolve({ filter: /^\.\/receivers\/(HTTPReceiver|SocketModeReceiver)$/ }, (args) =>
      args.importer.includes(join('@slack', 'bolt'))
        ? { path: join(SHIMS, 'unbundled-receiver.cjs') }
        : undefined,
    );
  },
};

/**
 * For every Lambda function: Lambda hands each its role's credentials in the environment, so the AWS
 * SDK's default credential chain (SSO, ini files, web identity, IMDS, with STS and SSO clients of
 * their own) is routed to the environment provider alone.
 */
const environmentCredentials: Plugin = {
  name: 'environment-credentials',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: join(SHIMS, 'env-credentials.mjs'),
    }));
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

/**
 * The AWS SDK's schema modules give traits as objects with computed keys (`{ [_h]: ["POST", …] }`,
 * `_h` a string constant), which esbuild must assume may have side effects. So every operation schema
 * of a client stays in the bundle, with every structure it names, though one operation is used. With
 * the constants written into those keys, the objects are plain data and unused schemas are dropped.
 */
const plainSchemaTraits: Plugin = {
  name: 'plain-schema-traits',
  setup(b) {
    b.onLoad(
      { filter: /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ },
      (args) => {
        const source = readFileSync(args.path, 'utf8');
        const constants = new Map(
          [...source.matchAll(/^const (_\w+) = ("[\w.#-]*");$/gm)].map(([, name, value]) => [name, value]),
        );
        const contents = source.replace(/([{,]\s*)\[(_\w+)\]:/g, (whole, before: string, name: string) => {
          const value = constants.get(name);
          return value ? `${before}[${value}]:` : whole;
        });
        return { contents, loader: 'js' };
      },
    );
  },
};

/** One small bundle per Lambda function; serverless.yml packages each folder on its own. */
export const FUNCTIONS = {
  http: 'src/entrypoints/lambda-http.ts',
  worker: 'src/entrypoints/lambda-worker.ts',
  sweeper: 'src/entrypoints/lambda-sweeper.ts',
  /** Signs audit checkpoints: the one role with kms:Sign and s3:PutObject on the checkpoint bucket. */
  checkpointer: 'src/entrypoints/lambda-checkpointer.ts',
  /** Publishes the audit table's stream to EventBridge, for SIEMs. */
  publisher: 'src/entrypoints/lambda-publisher.ts',
} as const;

/**
 * Parts of a function loaded only when first needed, each its own bundle beside index.js: the http
 * function's bucket catalog (the DynamoDB client) is read by the request form's picker and
 * submission, never on the ack path of a command or click. (The worker and sweeper need the YAML
 * parser on every job: the policy in force is YAML, from SSM or a file.)
 */
export const LAZY_PARTS: Record<string, Record<string, string>> = {
  http: { 'http-catalog': 'src/entrypoints/http-catalog.ts' },
};

/**
 * A dynamic `import()` of a part's entry (by its `.js` name, as TypeScript writes it) stays a
 * runtime import of the part's own bundle.
 */
function lazyParts(parts: Record<string, string>, root: string): Plugin {
  const partOf = new Map(Object.entries(parts).map(([part, entry]) => [resolve(root, entry), part]));
  return {
    name: 'lazy-parts',
    setup(b) {
      b.onResolve({ filter: /\.js$/ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const part = partOf.get(resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')));
        return part ? { path: `./${part}.js`, external: true } : undefined;
      });
    },
  };
}

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
  const parts = LAZY_PARTS[name] ?? {};
  const root = resolve(import.meta.dirname, '..');
  for (const [part, partEntry] of Object.entries(parts)) {
    const partResult = await build({
      ...buildOptions(slim, alias),
      entryPoints: [resolve(root, partEntry)],
      outfile: join(dir, `${part}.js`),
    });
    writeFileSync(join(dir, `${part}.meta.json`), JSON.stringify(partResult.metafile));
  }
  const result = await build({
    ...buildOptions(slim, alias, [lazyParts(parts, root)]),
    entryPoints: [entry],
    outfile: join(dir, 'index.js'),
  });
  // The repository is ESM; each bundle folder says its index.js is CommonJS.
  writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(result.metafile));
  return dir;
}

/** What every bundle and lazy part is built with. */
function buildOptions(slim: boolean, alias: Record<string, string>, plugins: Plugin[] = []) {
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // Prefer packages' ES module builds: they tree-shake (the AWS SDK's dist-cjs does not).
    mainFields: ['module', 'main'],
    target: 'node20',
    minify: true,
    sourcemap: true,
    // Positions only: a stack trace maps to file and line without the sources' text, and a map
    // without it is a fraction of the size for Node to read and parse at a cold start
    // (--enable-source-maps reads it as the bundle loads).
    sourcesContent: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [
      ...(slim ? [slimBolt] : []),
      environmentCredentials,
      packageVersionsOnly,
      plainSchemaTraits,
      ...plugins,
    ],
    alias,
  } satisfies BuildOptions;
}

if (process.argv[1]?.endsWith('build.ts')) {
  for (const [name, entry] of Object.entries(FUNCTIONS)) await bundle(name, entry);
  console.log(`bundled ${Object.keys(FUNCTIONS).join(', ')} into dist/`);
}
