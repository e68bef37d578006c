import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** One small bundle per Lambda function; serverless.yml packages each folder on its own. */
export const FUNCTIONS = {
  http: 'src/entrypoints/lambda-http.ts',
  worker: 'src/entrypoints/lambda-worker.ts',
  sweeper: 'src/entrypoints/lambda-sweeper.ts',
} as const;

export async function bundle(name: string, entry: string, outRoot = 'dist'): Promise<string> {
  const dir = join(outRoot, name);
  mkdirSync(dir, { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile: join(dir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    sourcemap: true,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
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
