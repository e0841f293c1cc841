/** The settings offboarding added: defaults, validation in the one pass, and the webhook key treated as a secret. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/index.js';
import type { ConfigError } from '../../shared/errors.js';
import { createLogger } from '../../shared/logger.js';
import { validEnv } from '../support/env.js';

describe('offboarding settings', () => {
  it('defaults: 10-minute burst window, baseline does not offboard, a 4-hour grace before a rejected case is reopened', () => {
    expect(loadConfig(validEnv()).offboarding).toMatchObject({
      burstWindowMinutes: 10,
      baselineOffboards: false,
      rejectedRecheckHours: 4,
    });
  });

  it('parses them and reports bad values together with every other problem', () => {
    expect(
      loadConfig(
        validEnv({
          BLAST_RADIUS_WINDOW_MINUTES: '30',
          SWEEP_BASELINE_OFFBOARD: 'yes',
          GRAPH_WEBHOOK_FUNCTION_KEY: 'k-0123456789abcdef0123456789abcdef',
        }),
      ).offboarding,
    ).toMatchObject({
      burstWindowMinutes: 30,
      baselineOffboards: true,
      webhookFunctionKey: 'k-0123456789abcdef0123456789abcdef',
    });
    let problems: readonly string[] = [];
    try {
      loadConfig(
        validEnv({ BLAST_RADIUS_WINDOW_MINUTES: '0', SWEEP_BASELINE_OFFBOARD: 'sometimes', DRY_RUN: 'maybe' }),
      );
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        'BLAST_RADIUS_WINDOW_MINUTES must be a whole number >= 1 and <= 1440',
        'SWEEP_BASELINE_OFFBOARD must be true or false',
        'DRY_RUN must be true or false',
      ]),
    );
  });

  it('never logs the webhook function key', () => {
    const key = 'fnKey-Secret-0123456789abcdef0123456789==';
    loadConfig(validEnv({ GRAPH_WEBHOOK_FUNCTION_KEY: key }));
    const lines: string[] = [];
    createLogger((_l, message, fields) => lines.push(message + JSON.stringify(fields))).info(`url ?code=${key}`, {
      url: `https://x/api/graph/notifications?code=${key}`,
    });
    expect(lines.join('')).not.toContain(key);
  });
});
