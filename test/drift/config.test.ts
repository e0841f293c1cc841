/** GROUP_MAP and GROUP_SYNC are validated with the other settings, every problem named. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/index.js';
import { ConfigError } from '../../shared/errors.js';
import { validEnv } from '../support/env.js';

const problemsOf = (env: Record<string, string | undefined>): readonly string[] => {
  try {
    loadConfig(validEnv(env));
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('group drift settings', () => {
  it('defaults to an empty map, report mode and a daily schedule', () => {
    const config = loadConfig(validEnv());
    expect(config.drift).toEqual({ map: {}, mode: 'report' });
    expect(config.schedules.groupDrift).toBe('0 30 6 * * *');
  });

  it('reads names and lists, lower-cases the Entra ids and drops repeats', () => {
    const config = loadConfig(
      validEnv({
        GROUP_MAP: JSON.stringify({
          'E0E0E0E0-1111-4111-8111-000000000001': 'Engineering',
          '5a5a5a5a-2222-4222-8222-000000000002': ['Sales', 'CRM', 'Sales'],
        }),
        GROUP_SYNC: 'apply',
      }),
    );
    expect(config.drift).toEqual({
      map: {
        'e0e0e0e0-1111-4111-8111-000000000001': ['Engineering'],
        '5a5a5a5a-2222-4222-8222-000000000002': ['Sales', 'CRM'],
      },
      mode: 'apply',
    });
  });

  it('names every bad setting: a key that is no GUID, an empty list, bad JSON, an unknown mode', () => {
    expect(problemsOf({ GROUP_MAP: JSON.stringify({ Engineering: 'Engineering' }), GROUP_SYNC: 'fix' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^GROUP_MAP .*GUID/), 'GROUP_SYNC must be "report" or "apply"']),
    );
    expect(problemsOf({ GROUP_MAP: JSON.stringify({ 'e0e0e0e0-1111-4111-8111-000000000001': [] }) })).toEqual([
      expect.stringMatching(/^GROUP_MAP .*must not be empty/),
    ]);
    expect(problemsOf({ GROUP_MAP: '{not json' })).toEqual(['GROUP_MAP is not valid JSON']);
  });
});
