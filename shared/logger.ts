/**
 * An injected logger instead of `console`: functions pass one built on their InvocationContext,
 * the local host one that writes JSON lines, tests one that records. Every logger scrubs the
 * configured secret values from whatever it is given, so a secret cannot reach a log by accident.
 * A record is a message as written plus structured fields: the message never repeats the fields
 * (`logger.info('user blocked', { caseId, userId })`), so a console line is one JSON object with
 * the fields as top-level keys and Application Insights gets them as custom dimensions (telemetry.ts).
 */
import { inspect } from 'node:util';
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
  const emit =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
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
    const record = { time: new Date().toISOString(), level, message };
    // The record's own keys come first and win: a field named `message` cannot replace the message.
    const line = JSON.stringify({ ...record, ...fields, ...record });
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
  }, base);
}

/**
 * The fields handed to an InvocationContext as the argument after the message. The Functions host
 * takes one string per log call (`util.format` of the arguments), so there they print as JSON after
 * the message, as the host's `traces` always showed them (infra/main.bicep's heartbeat alert reads
 * that); the local host (local/context.ts) takes them back as structured fields.
 */
export class ContextLogFields {
  constructor(readonly fields: LogFields) {}
  toString(): string {
    return JSON.stringify(this.fields);
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

type LogContext = {
  trace(...args: unknown[]): void;
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
};

/**
 * A logger over an Azure Functions InvocationContext: its log methods reach the host's log stream
 * and `traces`; the same record with its fields as custom dimensions goes out through OpenTelemetry.
 */
export function contextLogger(context: LogContext, base: LogFields = {}): Logger {
  return createLogger((level, message, fields) => {
    const args = Object.keys(fields).length ? [message, new ContextLogFields(fields)] : [message];
    if (level === 'debug') context.trace(...args);
    else if (level === 'info') context.log(...args);
    else if (level === 'warn') context.warn(...args);
    else context.error(...args);
  }, base);
}

/** Discards everything; for code paths that have no logger to hand (never in handlers). */
export const silentLogger: Logger = createLogger(() => undefined);
