import { randomBytes } from 'node:crypto';
import { KeyIssuerError, MessengerError } from '../domain/errors.js';

// What a failure may say about itself in a log line, and the reference that ties it to what the person saw.

/** A short id that ties what the user sees to the log line that explains it. */
export function newReference(): string {
  return randomBytes(4).toString('hex');
}

/** Name, code and message only: SDK errors can carry request and response objects. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof MessengerError) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof KeyIssuerError)
    return { name: error.name, code: error.code, aws: error.awsName, message: error.message };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(code === undefined ? {} : { code }) };
  }
  return { name: 'NonError', message: String(error) };
}
