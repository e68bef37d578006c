import { type AttributeValue, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { StateConflictError } from '../../domain/errors.js';

/**
 * Runs one conditional write; a failed condition becomes StateConflictError (or the given subclass)
 * carrying the item as it is now (from ALL_OLD when the service returns it, else a consistent read).
 */
export async function conditionalWrite<T, R>(
  write: () => Promise<R>,
  readCurrent: () => Promise<T | undefined>,
  what: string,
  fromItem: (item: Record<string, unknown>) => T = (item) => item as T,
  Conflict: new (
    message: string,
    current: T | undefined,
    options?: ErrorOptions,
  ) => StateConflictError<T> = StateConflictError,
): Promise<R> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // The document client converts results, not exceptions: ALL_OLD arrives as raw attribute values.
    const current = error.Item ? fromItem(unmarshallItem(error.Item)) : await readCurrent();
    throw new Conflict(`${what}: condition failed`, current, { cause: error });
  }
}

function unmarshallItem(item: Record<string, AttributeValue>): Record<string, unknown> {
  return unmarshall(item);
}
