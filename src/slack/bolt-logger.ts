import type { Logger as BoltLogger } from '@slack/bolt';
import { LogLevel } from '@slack/logger';
import type { Logger } from '../ports/logger.js';

/**
 * Bolt's logger, routed into ours. Bolt's debug output (whole payloads, every
 * middleware step) is dropped at every level: it adds nothing a reader needs and
 * it would copy request bodies into the logs.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const text = (parts: unknown[]) =>
    parts.map((part) => (part instanceof Error ? part.message : String(part))).join(' ');
  return {
    debug() {},
    info: (...parts) => logger.info(text(parts), { source: 'bolt' }),
    warn: (...parts) => logger.warn(text(parts), { source: 'bolt' }),
    error: (...parts) => logger.error(text(parts), { source: 'bolt' }),
    setLevel() {},
    getLevel: () => LogLevel.INFO,
    setName() {},
  };
}
