import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { StateConflictError } from '../../domain/errors.js';

/**
 * Runs one conditional write; a failed condition becomes StateConflictError carrying
 * the item as it is now (from ALL_OLD when the service returns it, else a consistent read).
 */
export async function conditionalWrite<T, R>(
  write: () => Promise<R>,
  readCurrent: () => Promise<T | undefined>,
  what: string,
): Promise<R> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const current = (error.Item as T | undefined) ?? (await readCurrent());
    throw new StateConflictError<T>(`${what}: condition failed`, current, { cause: error });
  }
}
