import type { Server } from 'node:http';
import { close, listen, readBody, sendJson } from '../http.js';

/**
 * SSM Parameter Store's GetParameter on loopback (JSON 1.1, `x-amz-target: AmazonSSM.GetParameter`),
 * so the Lambda bundles read their secrets through the real SSM client in tests.
 */
export class SsmStandIn {
  readonly parameters = new Map<string, string>();
  readonly calls: Array<{ name: string; decrypt: boolean }> = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<string> {
    const { server, url } = await listen(async (req, res) => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const input = JSON.parse((await readBody(req)) || '{}') as { Name?: string; WithDecryption?: boolean };
      const fail = (status: number, type: string, message: string) =>
        sendJson(res, status, { __type: type, message }, { 'x-amzn-errortype': type });
      if (target !== 'AmazonSSM.GetParameter')
        return fail(400, 'UnknownOperationException', `Unknown ${target}`);
      const name = String(input.Name ?? '');
      this.calls.push({ name, decrypt: input.WithDecryption === true });
      const value = this.parameters.get(name);
      if (value === undefined) return fail(400, 'ParameterNotFound', `Parameter ${name} not found.`);
      sendJson(res, 200, {
        Parameter: {
          Name: name,
          Type: 'SecureString',
          // Without decryption, SSM returns a SecureString's ciphertext, never the value.
          Value: input.WithDecryption ? value : Buffer.from(`encrypted:${name}`).toString('base64'),
          Version: 1,
          DataType: 'text',
          ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${name}`,
          LastModifiedDate: Date.now() / 1000,
        },
      });
    });
    this.server = server;
    this.url = url;
    return url;
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}
