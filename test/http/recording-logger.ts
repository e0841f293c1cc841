/**
 * A Logger for tests that keeps every line verbatim. It does not scrub secrets (the real loggers
 * do), so a test can prove the code under test never hands a secret to a logger at all.
 */
import type { LogFields, Logger, LogLevel } from '../../shared/logger.js';

export interface LogLine {
  level: LogLevel;
  message: string;
  fields: LogFields;
}

export function recordingLogger(lines: LogLine[], base: LogFields = {}): Logger {
  const emit =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
      lines.push({ level, message, fields: { ...base, ...fields } });
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => recordingLogger(lines, { ...base, ...fields }),
  };
}
