import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** A stored version of a parameter, in the shape SSM's JSON protocol answers with. */
export interface StoredParameter {
  Name: string;
  Type: 'String' | 'StringList' | 'SecureString';
  Value: string;
  Version: number;
  /** Seconds since the epoch, as SSM's JSON 1.1 protocol writes timestamps. */
  LastModifiedDate: number;
  /** The caller's ARN (an IAM user, or an assumed role's session). */
  LastModifiedUser: string;
  Tier: 'Standard' | 'Advanced';
  DataType: 'text';
  Description?: string;
  Labels: string[];
}

/** An error as SSM returns it: its `__type` and message. */
export class SsmFault extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'SsmFault';
  }
}

/** SSM keeps at most this many versions; putting one more deletes the oldest (unless it has a label). */
export const MAX_VERSIONS = 100;
const STANDARD_MAX = 4096;
const ADVANCED_MAX = 8192;
const TYPES = ['String', 'StringList', 'SecureString'] as const;
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'] as const;

export interface PutInput {
  Name?: unknown;
  Value?: unknown;
  Type?: unknown;
  Overwrite?: unknown;
  Tier?: unknown;
  Description?: unknown;
}

/**
 * Parameter Store's versioning, as its documentation describes it: each PutParameter with Overwrite
 * adds a version (1, 2, 3…), without Overwrite an existing name is ParameterAlreadyExists; a standard
 * parameter holds 4,096 characters and an advanced one 8 KB; an advanced parameter never goes back to
 * standard; Intelligent-Tiering picks the tier the value needs; the last 100 versions are kept.
 */
export class ParameterStore {
  private readonly versions = new Map<string, StoredParameter[]>();

  /** With `file`, every version is kept there across runs (`npm start` keeps its data in .data/). */
  constructor(
    private readonly file?: string,
    private readonly now: () => number = Date.now,
  ) {
    if (file && existsSync(file))
      for (const [name, history] of Object.entries(JSON.parse(readFileSync(file, 'utf8'))))
        this.versions.set(name, history as StoredParameter[]);
  }

  private save(): void {
    if (this.file) writeFileSync(this.file, JSON.stringify(Object.fromEntries(this.versions)));
  }

  /** Every version of `name`, oldest first; empty when there is none. */
  historyOf(name: string): StoredParameter[] {
    return [...(this.versions.get(name) ?? [])];
  }

  names(): string[] {
    return [...this.versions.keys()];
  }

  delete(name: string): boolean {
    const deleted = this.versions.delete(name);
    this.save();
    return deleted;
  }

  /** `name`, `name:3` (a version) or `name:label`: GetParameter's selectors. */
  select(selector: string): StoredParameter {
    const at = selector.lastIndexOf(':');
    const name = at > 0 ? selector.slice(0, at) : selector;
    const which = at > 0 ? selector.slice(at + 1) : undefined;
    const history = this.versions.get(name);
    if (!history?.length) throw new SsmFault('ParameterNotFound', `Parameter ${name} not found.`);
    if (which === undefined) return history.at(-1) as StoredParameter;
    const found = /^\d+$/.test(which)
      ? history.find((p) => p.Version === Number(which))
      : history.find((p) => p.Labels.includes(which));
    if (!found)
      throw new SsmFault(
        'ParameterVersionNotFound',
        `Systems Manager could not find version ${which} of ${name}. Verify the version and try again.`,
      );
    return found;
  }

  put(input: PutInput, caller: string): StoredParameter {
    const name = typeof input.Name === 'string' ? input.Name.trim() : '';
    const value = typeof input.Value === 'string' ? input.Value : '';
    if (!name)
      throw validation(
        "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1.",
      );
    if (!value)
      throw validation(
        "Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1.",
      );
    const history = this.versions.get(name) ?? [];
    const previous = history.at(-1);
    if (previous && input.Overwrite !== true)
      throw new SsmFault(
        'ParameterAlreadyExists',
        'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      );
    const type = this.typeOf(input.Type, previous);
    const tier = tierOf(input.Tier, value, previous);
    const stored: StoredParameter = {
      Name: name,
      Type: type,
      Value: value,
      Version: (previous?.Version ?? 0) + 1,
      LastModifiedDate: this.now() / 1000,
      LastModifiedUser: caller,
      Tier: tier,
      DataType: 'text',
      Labels: [],
      ...(typeof input.Description === 'string'
        ? { Description: input.Description }
        : previous?.Description
          ? { Description: previous.Description }
          : {}),
    };
    history.push(stored);
    if (history.length > MAX_VERSIONS) history.shift();
    this.versions.set(name, history);
    this.save();
    return stored;
  }

  private typeOf(given: unknown, previous: StoredParameter | undefined): StoredParameter['Type'] {
    if (given === undefined && previous) return previous.Type;
    if (given === undefined) throw validation('A parameter type is required when you create a parameter.');
    if (!TYPES.includes(given as StoredParameter['Type']))
      throw validation(
        `Value '${String(given)}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`,
      );
    return given as StoredParameter['Type'];
  }
}

function tierOf(
  given: unknown,
  value: string,
  previous: StoredParameter | undefined,
): StoredParameter['Tier'] {
  if (given !== undefined && !TIERS.includes(given as (typeof TIERS)[number]))
    throw validation(
      `Value '${String(given)}' at 'tier' failed to satisfy constraint: Member must satisfy enum value set: [Advanced, Intelligent-Tiering, Standard]`,
    );
  const needsAdvanced = value.length > STANDARD_MAX;
  if (Buffer.byteLength(value, 'utf8') > ADVANCED_MAX)
    // SSM documents the 8 KB limit, not this message's wording.
    throw validation(`The parameter value is longer than the advanced tier's ${ADVANCED_MAX} bytes.`);
  const wanted =
    given === 'Intelligent-Tiering'
      ? needsAdvanced || previous?.Tier === 'Advanced'
        ? 'Advanced'
        : 'Standard'
      : ((given as StoredParameter['Tier'] | undefined) ?? previous?.Tier ?? 'Standard');
  if (previous?.Tier === 'Advanced' && wanted === 'Standard')
    throw validation(
      "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.",
    );
  if (wanted === 'Standard' && needsAdvanced)
    throw validation(
      `Standard tier parameters support a maximum parameter value of ${STANDARD_MAX} characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html`,
    );
  return wanted;
}

function validation(message: string): SsmFault {
  return new SsmFault('ValidationException', message);
}
