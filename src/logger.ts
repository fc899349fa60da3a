/** The structured JSON logger. Log ids and outcomes only: never bodies, names or form fields. */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

// Deliberate: the logger's type is ours to name, so no module but this one names pino.
export type { Logger };

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'handover-exchange' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Defence in depth: should a header or body ever be attached, it is not written.
      redact: { paths: ['req.headers', 'res.headers', 'body', '*.body', 'authorization', '*.authorization'], remove: true },
    },
    destination,
  );
}
