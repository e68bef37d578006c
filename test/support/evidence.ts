import { createEvidenceStack, type EvidenceStack } from '../../src/sandbox/aws/evidence-stack.js';
import { type MotoServer, startMotoServer } from '../../src/sandbox/aws/moto-server.js';

/** moto on a loopback port with the checkpoint key and locked bucket, and the variables that point the bot at them. */
export interface EvidenceBackend {
  moto: MotoServer;
  stack: EvidenceStack;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startEvidenceBackend(retentionDays = 400): Promise<EvidenceBackend> {
  const program = process.env.BUCKET_KEY_TEST_MOTO;
  if (!program) throw new Error('moto_server is not on PATH (vitest.config.ts excludes test/evidence then)');
  const moto = await startMotoServer(program);
  const stack = await createEvidenceStack(moto.url, retentionDays);
  return {
    moto,
    stack,
    env: {
      S3_ENDPOINT: moto.url,
      KMS_ENDPOINT: moto.url,
      AUDIT_CHECKPOINT_BUCKET: stack.bucket,
      AUDIT_SIGNING_KEY_ID: stack.keyId,
      AUDIT_CHECKPOINT_RETENTION: `${retentionDays}d`,
    },
    stop: () => moto.stop(),
  };
}
