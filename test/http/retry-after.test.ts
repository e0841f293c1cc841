import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../shared/http/retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-08-21T09:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an HTTP date, relative to now, never negative', () => {
    expect(parseRetryAfter('Fri, 21 Aug 2026 09:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Fri, 21 Aug 2026 08:59:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
