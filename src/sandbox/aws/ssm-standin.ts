import type { Server } from 'node:http';
import { close, listen, readBody, sendJson } from '../http.js';

/** GetParameters takes at most this many names (SSM answers more with a ValidationException). */
const MAX_NAMES_PER_GET_PARAMETERS = 10;

/**
 * SSM Parameter Store's GetParameters on loopback (JSON 1.1, `x-amz-target`), the one call the bundles
 * make for their secrets (IAM grants nothing else), so they read them through the real SSM client in
 * tests. As SSM does, it lists the names it does not know under InvalidParameters rather than failing.
 */
export class SsmStandIn {
  readonly parameters = new Map<string, string>();
  /** Every GetParameters request: the names it asked for and whether decrypted. */
  readonly calls: Array<{ names: string[]; decrypt: boolean }> = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<string> {
    const { server, url } = await listen(async (req, res) => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const input = JSON.parse((await readBody(req)) || '{}') as {
        Names?: unknown;
        WithDecryption?: boolean;
      };
      const fail = (status: number, type: string, message: string) =>
        sendJson(res, status, { __type: type, message }, { 'x-amzn-errortype': type });
      if (target !== 'AmazonSSM.GetParameters')
        return fail(400, 'UnknownOperationException', `Unknown ${target}`);
      const names = Array.isArray(input.Names) ? input.Names.map(String) : [];
      if (names.length < 1 || names.length > MAX_NAMES_PER_GET_PARAMETERS)
        return fail(
          400,
          'ValidationException',
          `1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length less than or equal to ${MAX_NAMES_PER_GET_PARAMETERS}`,
        );
      const decrypt = input.WithDecryption === true;
      this.calls.push({ names, decrypt });
      const found = names.flatMap((name) => this.parameterOf(name, decrypt) ?? []);
      const invalid = names.filter((name) => !this.parameters.has(name));
      sendJson(res, 200, { Parameters: found, InvalidParameters: invalid });
    });
    this.server = server;
    this.url = url;
    return url;
  }

  private parameterOf(name: string, decrypt: boolean) {
    const value = this.parameters.get(name);
    if (value === undefined) return undefined;
    return {
      Name: name,
      Type: 'SecureString',
      // Without decryption, SSM returns a SecureString's ciphertext, never the value.
      Value: decrypt ? value : Buffer.from(`encrypted:${name}`).toString('base64'),
      Version: 1,
      DataType: 'text',
      ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${name}`,
      LastModifiedDate: Date.now() / 1000,
    };
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}
