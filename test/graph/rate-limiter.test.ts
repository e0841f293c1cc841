import { describe, expect, it } from 'vitest';
import { SlidingWindowRateLimiter } from '../../shared/graph/rate-limiter.js';
import { FakeClock, maxInWindow } from './support.js';

describe('SlidingWindowRateLimiter', () => {
  it('lets 5 through at once, then spaces the rest so no 10 s window holds more than 5', async () => {
    const clock = new FakeClock(1_000);
    const limiter = new SlidingWindowRateLimiter({ clock });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 17 }, () => limiter.acquire().then(() => times.push(clock.now()))));
    expect(times).toHaveLength(17);
    expect(times.slice(0, 5)).toEqual([1_000, 1_000, 1_000, 1_000, 1_000]);
    expect(maxInWindow(times, 10_000)).toBe(5);
    expect(times[5]).toBeGreaterThan(11_000);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('does not wait when callers are already slower than the limit', async () => {
    const clock = new FakeClock();
    const limiter = new SlidingWindowRateLimiter({ limit: 2, windowMs: 1_000, clock });
    for (let i = 0; i < 4; i++) {
      await limiter.acquire();
      clock.t += 600;
    }
    expect(clock.now()).toBe(2_400);
  });

  it('rejects nonsense settings', () => {
    expect(() => new SlidingWindowRateLimiter({ limit: 0 })).toThrow(RangeError);
    expect(() => new SlidingWindowRateLimiter({ windowMs: 0 })).toThrow(RangeError);
  });
});
