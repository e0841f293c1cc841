/**
 * An injected logger instead of `console`: functions pass one built on their InvocationContext,
 * the local host one that writes JSON lines, tests one that records. Every logger scrubs the
 * configured secret values from whatever it is given, so a secret cannot reach a log by accident.
 */
import { emitLogRecord } from './telemetry.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (a correlation id, a function name). */
  child(fields: LogFields): Logger;
}

export type LogSink = (level: LogLevel, message: string, fields: LogFields) => void;

const REDACTED = '[redacted]';
/** Secret values shorter than this are not scrubbed: they would redact ordinary words. */
const MIN_SECRET_LENGTH = 6;

const secretValues = new Set<string>();

/** Registers values (tokens, client secrets, connection-string keys) that must never be logged. */
export function registerSecrets(values: Iterable<string | undefined>): void {
  for (const v of values) if (v && v.length >= MIN_SECRET_LENGTH) secretValues.add(v);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secretValues) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, depth + 1);
  return out;
}

export function createLogger(sink: LogSink, base: LogFields = {}): Logger {
  const emit = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    const clean = redact(message);
    const cleanFields = redactValue({ ...base, ...fields }) as LogFields;
    sink(level, clean, cleanFields);
    emitLogRecord(level, clean, cleanFields);
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => createLogger(sink, { ...base, ...fields }),
  };
}

/** JSON lines on stdout/stderr, for the local host and scripts. */
export function jsonLineLogger(minLevel: LogLevel = 'info', base: LogFields = {}): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  return createLogger((level, message, fields) => {
    if (order[level] < order[minLevel]) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
  }, base);
}

/** A logger over an Azure Functions InvocationContext (its log methods reach Application Insights). */
export function contextLogger(context: {
  trace(...args: unknown[]): void;
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}, base: LogFields = {}): Logger {
  return createLogger((level, message, fields) => {
    const payload = Object.keys(fields).length ? `${message} ${JSON.stringify(fields)}` : message;
    if (level === 'debug') context.trace(payload);
    else if (level === 'info') context.log(payload);
    else if (level === 'warn') context.warn(payload);
    else context.error(payload);
  }, base);
}

/** Discards everything; for code paths that have no logger to hand (never in handlers). */
export const silentLogger: Logger = createLogger(() => undefined);
