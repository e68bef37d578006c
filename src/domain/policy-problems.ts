import type * as z from 'zod/mini';

/** One fault in a policy: where it is (`buckets.media-assets.approvers`, `(document)`) and what is wrong. */
export interface PolicyProblem {
  path: string;
  message: string;
}

/** The path of a fault in the whole text rather than in one key: size, YAML syntax. */
export const DOCUMENT_PATH = '(document)';
/** The path of the top-level mapping itself. */
export const TOP_PATH = '(top)';

/** `buckets.media-assets.breakGlass.allowed[0]`: keys joined with dots, list positions in brackets. */
export function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text || TOP_PATH;
}

/** The problems as one line each: `path: message`, the form policy:check, the logs and Slack all show. */
export function problemLines(problems: readonly PolicyProblem[]): string[] {
  return problems.map((problem) => `${problem.path}: ${problem.message}`);
}

type Issue = z.core.$ZodIssue;

/**
 * zod's issues in words that name the fault, without zod's locale (zod/mini ships none, so every
 * message would read "Invalid input"). An unknown key is named with its full path, the keys allowed
 * there, and the nearest of them when it looks like a typo.
 */
export function problemsOfIssues(issues: readonly Issue[], schema: z.ZodMiniType): PolicyProblem[] {
  return issues.flatMap((issue): PolicyProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysAt(schema, issue.path);
      return issue.keys.map((key) => ({
        path: pathText([...issue.path, key]),
        message: unknownKeyMessage(key, allowed),
      }));
    }
    return [{ path: pathText(issue.path), message: messageOf(issue) }];
  });
}

function messageOf(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${kindOf(issue.expected)}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `needs at least ${issue.minimum} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}`
        : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `takes at most ${issue.maximum} entries`
        : `must be at most ${issue.maximum}`;
    case 'invalid_key': {
      const key = issue.path.at(-1);
      return `${JSON.stringify(String(key))} ${issue.issues[0]?.message ?? 'is not a valid key'}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return issue.message === 'Invalid input' ? 'is not valid here' : issue.message;
  }
}

const KINDS: Record<string, string> = {
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys',
  record: 'a mapping of keys',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
};

function kindOf(expected: string): string {
  return KINDS[expected] ?? `a ${expected}`;
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const near = allowed.find((candidate) => editDistance(candidate.toLowerCase(), key.toLowerCase()) <= 2);
  const hint = near ? ` (did you mean \`${near}\`?)` : '';
  return allowed.length
    ? `is not a policy key${hint}; allowed here: ${allowed.join(', ')}`
    : `is not a policy key${hint}`;
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodMiniType>;
  innerType?: z.ZodMiniType;
  valueType?: z.ZodMiniType;
  element?: z.ZodMiniType;
  in?: z.ZodMiniType;
};
const defOf = (schema: z.ZodMiniType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Unwraps optional, default and pipe wrappers down to the schema that holds the value. */
function unwrap(schema: z.ZodMiniType): z.ZodMiniType {
  let current = schema;
  for (let def = defOf(current); ; def = defOf(current)) {
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) return current;
    current = inner;
  }
}

/** The keys a mapping at `path` may hold, read from the schema itself: a new key needs no list here. */
export function keysAt(schema: z.ZodMiniType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodMiniType | undefined = unwrap(schema);
  for (const part of path) {
    const def: Def = defOf(current);
    if (def.type === 'object') current = def.shape?.[String(part)];
    else if (def.type === 'record') current = def.valueType;
    else if (def.type === 'array') current = def.element;
    else current = undefined;
    if (!current) return [];
    current = unwrap(current);
  }
  const def = defOf(current);
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

/** Levenshtein distance, for "did you mean": small strings only. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}
