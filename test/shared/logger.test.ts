import { format } from 'node:util';
import { describe, expect, it } from 'vitest';
import { localContext } from '../../local/context.js';
import {
  ContextLogFields,
  contextLogger,
  createLogger,
  jsonLineLogger,
  registerSecrets,
  type LogFields,
} from '../../shared/logger.js';

describe('logger', () => {
  it('scrubs registered secret values from messages and nested fields, and keeps child fields', () => {
    registerSecrets(['s3cr3t-token-value', undefined, 'abc']);
    const lines: { message: string; fields: LogFields }[] = [];
    const log = createLogger((_level, message, fields) => lines.push({ message, fields })).child({
      correlationId: 'c-1',
    });
    log.error('failed with s3cr3t-token-value', {
      nested: { header: 'Token s3cr3t-token-value' },
      err: new Error('x s3cr3t-token-value'),
      list: ['s3cr3t-token-value'],
      short: 'abc',
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('s3cr3t-token-value');
    expect(lines[0]!.message).toBe('failed with [redacted]');
    expect(lines[0]!.fields).toMatchObject({
      correlationId: 'c-1',
      nested: { header: 'Token [redacted]' },
      err: { name: 'Error', message: 'x [redacted]' },
      short: 'abc',
    });
  });
});

describe('log records: the message as written, the fields as structured properties', () => {
  const capture = (stream: NodeJS.WriteStream, run: () => void): string[] => {
    const lines: string[] = [];
    const original = stream.write.bind(stream);
    stream.write = (chunk: string) => lines.push(chunk) > 0;
    try {
      run();
    } finally {
      stream.write = original;
    }
    return lines;
  };

  it('prints one JSON object per line with the fields as top-level keys', () => {
    const lines = capture(process.stdout, () => {
      jsonLineLogger('info', { app: 'entra-ops' }).info('user blocked', {
        caseId: 'case-7',
        userId: 'u-1',
        message: 'x',
      });
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('}\n')).toBe(true);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    // A field named like a record key does not replace the message.
    expect(record).toMatchObject({
      level: 'info',
      message: 'user blocked',
      app: 'entra-ops',
      caseId: 'case-7',
      userId: 'u-1',
    });
    expect(Object.keys(record).slice(0, 3)).toEqual(['time', 'level', 'message']);
  });

  it('keeps the fields structured through an InvocationContext on the local host', () => {
    const lines = capture(process.stdout, () => {
      const context = localContext('offboardingWork', jsonLineLogger('info'));
      contextLogger(context, { function: 'offboardingWork' }).info('user blocked', { caseId: 'case-7', peers: 2 });
    });
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({ message: 'user blocked', function: 'offboardingWork', caseId: 'case-7', peers: 2 });
    expect(record.invocationId).toEqual(expect.any(String));
  });

  it('hands the Functions host one line per record: the message, then the fields as JSON', () => {
    const calls: unknown[][] = [];
    const sink = (...args: unknown[]) => void calls.push(args);
    contextLogger({ trace: sink, log: sink, warn: sink, error: sink }).warn('user blocked', { caseId: 'case-7' });
    contextLogger({ trace: sink, log: sink, warn: sink, error: sink }).info('nothing to add');
    // What the worker does with the arguments before they reach the host (util.format).
    expect(calls.map((args) => format(...args))).toEqual(['user blocked {"caseId":"case-7"}', 'nothing to add']);
    expect(calls[0]![1]).toBeInstanceOf(ContextLogFields);
  });
});
