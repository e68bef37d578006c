import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** The package (or our own folder) a bundled file belongs to. */
function ownerOf(file: string): string {
  const at = file.lastIndexOf('node_modules/');
  if (at < 0) return `(ours) ${file.split('/').slice(0, 2).join('/')}`;
  const [scope = '', name = ''] = file.slice(at + 'node_modules/'.length).split('/');
  return scope.startsWith('@') ? `${scope}/${name}` : scope;
}

/** Each package's share of a built bundle, from esbuild's metafile, largest first. */
export function bundleShares(bundleDir: string): Array<{ owner: string; kb: number; pct: number }> {
  const meta = JSON.parse(readFileSync(join(bundleDir, 'meta.json'), 'utf8')) as Metafile;
  const output = Object.entries(meta.outputs).find(([name]) => name.endsWith('.js'))?.[1];
  const by = new Map<string, number>();
  for (const [file, input] of Object.entries(output?.inputs ?? {}))
    by.set(ownerOf(file), (by.get(ownerOf(file)) ?? 0) + input.bytesInOutput);
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  return [...by.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([owner, bytes]) => ({
      owner,
      kb: Math.round(bytes / 102.4) / 10,
      pct: Math.round((bytes / total) * 1000) / 10,
    }));
}

/** The benchmark page's table of the `http` bundle: every package over 1 KB, then the rest in one line. */
export function bundleSharesTable(bundleDir: string): string {
  const shares = bundleShares(bundleDir);
  const big = shares.filter((share) => share.kb >= 1);
  const rest = shares.filter((share) => share.kb < 1);
  const rows = big.map((share) => `| ${share.owner} | ${share.kb} KB | ${share.pct}% |`);
  const restKb = Math.round(rest.reduce((sum, share) => sum + share.kb, 0) * 10) / 10;
  rows.push(`| ${rest.length} smaller packages and files | ${restKb} KB | |`);
  return `| package | in the http bundle | share |\n|---|---|---|\n${rows.join('\n')}`;
}
