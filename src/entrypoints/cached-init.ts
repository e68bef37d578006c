/**
 * Runs `init` once per Lambda container (at the first invocation) and reuses the result.
 * A failed init is forgotten, so the next invocation tries again instead of failing forever.
 */
export function cachedInit<T>(init: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= init().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
