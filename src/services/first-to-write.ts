import { StateConflictError } from '../domain/errors.js';

/**
 * Runs one conditional transition and says whether it was ours: false when another actor (a second
 * sweep, a user's click) changed the record first, so whoever lost moves on and acts only once.
 */
export async function wroteFirst(transition: () => Promise<unknown>): Promise<boolean> {
  try {
    await transition();
    return true;
  } catch (error) {
    if (error instanceof StateConflictError) return false;
    throw error;
  }
}
