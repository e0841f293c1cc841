import { describe, expect, it } from 'vitest';
import { createLogger, registerSecrets, type LogFields } from '../../shared/logger.js';

describe('logger', () => {
  it('scrubs registered secret values from messages and nested fields, and keeps child fields', () => {
    registerSecrets(['s3cr3t-token-value', undefined, 'abc']);
    const lines: { message: string; fields: LogFields }[] = [];
    const log = createLogger((_level, message, fields) => lines.push({ message, fields })).child({ correlationId: 'c-1' });
    log.error('failed with s3cr3t-token-value', { nested: { header: 'Token s3cr3t-token-value' }, err: new Error('x s3cr3t-token-value'), list: ['s3cr3t-token-value'], short: 'abc' });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('s3cr3t-token-value');
    expect(lines[0]!.message).toBe('failed with [redacted]');
    expect(lines[0]!.fields).toMatchObject({ correlationId: 'c-1', nested: { header: 'Token [redacted]' }, err: { name: 'Error', message: 'x [redacted]' }, short: 'abc' });
  });
});
