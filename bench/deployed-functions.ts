import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type ScalarTag } from 'yaml';

export const SERVERLESS_YML = join(import.meta.dirname, '..', 'serverless.yml');

/** One Lambda function as serverless.yml deploys it: its memory and its whole environment. */
export interface DeployedFunction {
  memorySizeMb: number;
  /** provider.environment merged with the function's own (the function's win), NODE_OPTIONS included. */
  environment: Record<string, string>;
}

// CloudFormation's short forms, kept as the JSON CloudFormation itself would see.
const cfnTags: ScalarTag[] = [
  { tag: '!Ref', identify: () => false, resolve: (name) => ({ Ref: name }) },
  { tag: '!Sub', identify: () => false, resolve: (text) => ({ 'Fn::Sub': text }) },
  { tag: '!GetAtt', identify: () => false, resolve: (path) => ({ 'Fn::GetAtt': path.split('.') }) },
];

// biome-ignore lint/suspicious/noExplicitAny: serverless.yml is untyped YAML
type Yaml = Record<string, any>;

/** serverless.yml as written: `${…}` variables unresolved, CloudFormation tags as `{ Ref }` objects. */
export function readServerlessYml(path = SERVERLESS_YML): Yaml {
  return parse(readFileSync(path, 'utf8'), { customTags: cfnTags }) as Yaml;
}

/**
 * What each function runs with once deployed, read from serverless.yml: the benchmark starts each
 * bundle with exactly this (plus what Lambda itself sets and the stand-ins' endpoints), so it
 * measures what is deployed. `${param:…}` takes `params`, then `params.default`; `${sls:stage}` and
 * `${opt:stage, …}` the default stage; `!Ref` of a table its TableName. Anything else throws, so a
 * new kind of value is noticed rather than measured wrong.
 */
export function deployedFunctions(
  params: Record<string, string> = {},
  path = SERVERLESS_YML,
): Record<string, DeployedFunction> {
  const doc = readServerlessYml(path);
  const allParams: Record<string, string> = { ...(doc.params?.default ?? {}), ...params };
  const stage = resolveVariables(String(doc.provider.stage ?? 'dev'), doc, allParams, 'dev');
  const value = (raw: unknown): string => {
    if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean')
      return resolveVariables(String(raw), doc, allParams, stage);
    const ref = (raw as { Ref?: string }).Ref;
    const tableName = ref ? doc.resources?.Resources?.[ref]?.Properties?.TableName : undefined;
    if (typeof tableName === 'string') return value(tableName);
    throw new Error(`serverless.yml: no stand-in for the environment value ${JSON.stringify(raw)}`);
  };
  return Object.fromEntries(
    Object.entries(doc.functions as Yaml).map(([name, fn]) => {
      const merged = { ...(doc.provider.environment ?? {}), ...(fn.environment ?? {}) };
      const environment = Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, value(v)]));
      const memorySizeMb = Number(fn.memorySize ?? doc.provider.memorySize ?? 1024);
      return [name, { memorySizeMb, environment }];
    }),
  );
}

/** The functions' architecture as serverless.yml deploys them (Lambda's default is x86_64). */
export function deployedArchitecture(path = SERVERLESS_YML): 'arm64' | 'x86_64' {
  const architecture = readServerlessYml(path).provider.architecture ?? 'x86_64';
  if (architecture !== 'arm64' && architecture !== 'x86_64')
    throw new Error(`serverless.yml: unknown architecture ${JSON.stringify(architecture)}`);
  return architecture;
}

function resolveVariables(text: string, doc: Yaml, params: Record<string, string>, stage: string): string {
  return text.replace(/\$\{([^}]+)\}/g, (whole, inner: string) => {
    const [source, fallback] = inner.split(/,\s*/, 2);
    const [kind, name = ''] = String(source).split(':', 2);
    const found =
      kind === 'sls' && name === 'stage'
        ? stage
        : kind === 'self'
          ? name.split('.').reduce<Yaml | undefined>((node, key) => node?.[key], doc)
          : kind === 'param'
            ? params[name]
            : undefined;
    // A parameter's default may itself name variables (`/bucket-key/${sls:stage}/policy`,
    // `${self:service}-${sls:stage}-…`): each is resolved in turn.
    if (found !== undefined) return resolveVariables(String(found), doc, params, stage);
    if (fallback !== undefined) return fallback.replace(/^['"]|['"]$/g, '');
    throw new Error(`serverless.yml: no stand-in for ${whole}`);
  });
}

/**
 * The environment a bundle's process gets in the benchmark: what Lambda sets itself, the
 * stand-ins' endpoints, then the function's deployed environment unchanged (NODE_OPTIONS
 * included, or absent when the function has none), so nothing of ours can override it.
 */
export function functionProcessEnv(
  fn: DeployedFunction,
  standIns: Record<string, string>,
): Record<string, string> {
  const { NODE_OPTIONS: _deployedOnly, ...rest } = standIns;
  return { ...rest, ...fn.environment };
}
