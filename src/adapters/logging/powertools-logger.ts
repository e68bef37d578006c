import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Logger } from '../../ports/logger.js';

export type LogLevelName = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

/** JSON logs through Powertools for AWS Lambda: one line per entry, CloudWatch-friendly. */
export function createLogger(level: LogLevelName, serviceName = 'bucket-key'): Logger {
  const logger = new PowertoolsLogger({ serviceName, logLevel: level });
  return {
    debug: (message, extra) => logger.debug(message, extra ?? {}),
    info: (message, extra) => logger.info(message, extra ?? {}),
    warn: (message, extra) => logger.warn(message, extra ?? {}),
    error: (message, extra) => logger.error(message, extra ?? {}),
  };
}
