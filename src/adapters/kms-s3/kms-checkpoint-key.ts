import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { CHECKPOINT_SIGNING, CheckpointError } from '../../domain/audit-checkpoint.js';

import type { CheckpointKey } from '../../ports/audit-checkpoints.js';

/** The checkpoint key in AWS KMS: Sign (the writer's role only) and GetPublicKey (anyone who verifies). */
export class KmsCheckpointKey implements CheckpointKey {
  private publicKey: Promise<string> | undefined;

  constructor(
    private readonly kms: KMSClient,
    readonly keyId: string,
  ) {}

  async sign(message: Uint8Array): Promise<Uint8Array> {
    try {
      const out = await this.kms.send(
        new SignCommand({
          KeyId: this.keyId,
          Message: message,
          MessageType: CHECKPOINT_SIGNING.messageType,
          SigningAlgorithm: CHECKPOINT_SIGNING.algorithm,
        }),
      );
      if (!out.Signature) throw new CheckpointError('kms_sign', 'KMS returned no signature');
      return out.Signature;
    } catch (error) {
      if (error instanceof CheckpointError) throw error;
      throw new CheckpointError('kms_sign', `KMS Sign failed: ${(error as Error).name}`, { cause: error });
    }
  }

  publicKeyPem(): Promise<string> {
    this.publicKey ??= this.readPublicKey().catch((error: unknown) => {
      this.publicKey = undefined;
      throw error;
    });
    return this.publicKey;
  }

  private async readPublicKey(): Promise<string> {
    try {
      const out = await this.kms.send(new GetPublicKeyCommand({ KeyId: this.keyId }));
      if (!out.PublicKey) throw new CheckpointError('kms_public_key', 'KMS returned no public key');
      return createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' })
        .export({ format: 'pem', type: 'spki' })
        .toString();
    } catch (error) {
      if (error instanceof CheckpointError) throw error;
      throw new CheckpointError('kms_public_key', `KMS GetPublicKey failed: ${(error as Error).name}`, {
        cause: error,
      });
    }
  }
}
