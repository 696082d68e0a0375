/** Structured JSON logs (pino): cheap on the hot path and readable by any log collector. */
import pino, { type Logger } from 'pino';
import type { AppConfig } from './index';

export type { Logger };

export function createLogger(config: Pick<AppConfig, 'logLevel'>, name: string): Logger {
  return pino({ name, level: config.logLevel, timestamp: pino.stdTimeFunctions.isoTime });
}
