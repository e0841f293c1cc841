import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/index.js';
import { connectedNow } from '../../shared/waves/checks/index.js';
import { gradeAtLeast, gradeAtMost, thresholdsFor } from '../../shared/waves/thresholds.js';
import { decisionFor, worstStatus } from '../../shared/waves/verdict.js';
import { validEnv } from '../support/env.js';
import { DEFAULT_THRESHOLDS, input, laptops, wave } from './support.js';

describe('grading against thresholds', () => {
  it('"at least" limits: a value on a limit takes the better colour', () => {
    const limits = { green: 0.9, amber: 0.75 };
    expect([0.95, 0.9, 0.89, 0.75, 0.7499].map((v) => gradeAtLeast(v, limits))).toEqual([
      'green',
      'green',
      'amber',
      'amber',
      'red',
    ]);
  });

  it('"at most" limits, for shares and counts', () => {
    expect([0, 0.02, 0.021, 0.1, 0.11].map((v) => gradeAtMost(v, { green: 0.02, amber: 0.1 }))).toEqual([
      'green',
      'green',
      'amber',
      'amber',
      'red',
    ]);
    expect([0, 1, 3, 4].map((v) => gradeAtMost(v, { green: 0, amber: 3 }))).toEqual(['green', 'amber', 'amber', 'red']);
  });

  it("a wave's own thresholds override the configured ones check by check", () => {
    const t = thresholdsFor(DEFAULT_THRESHOLDS, wave({ thresholds: { connectedShare: { green: 0.5, amber: 0.4 } } }));
    expect(t.connectedShare).toEqual({ green: 0.5, amber: 0.4 });
    expect(t.seen24hShare).toEqual(DEFAULT_THRESHOLDS.seen24hShare);
  });

  it("WAVE_THRESHOLDS from configuration changes a check's colour", () => {
    const config = loadConfig(
      validEnv({ WAVE_THRESHOLDS: JSON.stringify({ connectedShare: { green: 0.7, amber: 0.5 } }) }),
    );
    const peers = laptops(10, (i) => (i < 3 ? { connected: false } : {}));
    expect(connectedNow(input({ peers })).status).toBe('red');
    expect(connectedNow(input({ peers, thresholds: config.waveThresholds })).status).toBe('green');
  });
});

describe('verdict and go/no-go', () => {
  it('the worst check wins', () => {
    expect(worstStatus([])).toBe('green');
    expect(worstStatus(['green', 'amber', 'green'])).toBe('amber');
    expect(worstStatus(['amber', 'red', 'green'])).toBe('red');
  });

  it('red is no-go, amber is go with caution, green is go', () => {
    expect(decisionFor('red')).toBe('no-go');
    expect(decisionFor('amber')).toBe('go-with-caution');
    expect(decisionFor('green')).toBe('go');
  });
});
