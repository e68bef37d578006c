import type { Notifier } from '../../src/ports/notifier.js';

/** One notice a use case gave: its intent and the facts it passed. */
export interface Notice {
  intent: keyof Notifier;
  args: unknown[];
}

/**
 * Records every notice given through `deps.notifier`, in order, while the real one still runs
 * (so the FakeMessenger still sees what Slack would be sent). Call before the use case runs.
 */
export function recordNotices(deps: { notifier: Notifier }): Notice[] {
  const given: Notice[] = [];
  const real = deps.notifier as unknown as Record<string, (...args: unknown[]) => unknown>;
  const recording: Record<string, (...args: unknown[]) => unknown> = {};
  for (const [intent, method] of Object.entries(real)) {
    recording[intent] = (...args: unknown[]) => {
      given.push({ intent: intent as keyof Notifier, args });
      return method(...args);
    };
  }
  deps.notifier = recording as unknown as Notifier;
  return given;
}

/** The facts passed to each notice of one intent, in order. */
export const argsOf = (given: readonly Notice[], intent: keyof Notifier) =>
  given.filter((notice) => notice.intent === intent).map((notice) => notice.args);
