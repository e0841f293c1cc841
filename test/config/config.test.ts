import { describe, expect, it } from 'vitest';
import { declareLoopbackHost, resetRuntimeForTests } from '../../shared/host/runtime.js';
import { loadConfig } from '../../shared/config/index.js';
import { ConfigError } from '../../shared/errors.js';
import { TEST_SECRETS, validEnv } from '../support/env.js';

function problemsOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('reads a complete environment into one typed object with defaults', () => {
    const config = loadConfig(validEnv());
    expect(config.netbird.idp).toEqual({ mode: 'embedded', connectorId: 'entra' });
    expect(config.graph.auth).toEqual({
      kind: 'client-secret',
      clientId: '11111111-2222-3333-4444-555555555555',
      clientSecret: TEST_SECRETS.GRAPH_CLIENT_SECRET,
    });
    expect(config.sites.map((s) => s.name)).toEqual(['Honolulu', 'Boulder']);
    expect(config.dryRun).toBe(false);
    expect(config.offboarding.quarantineMachinePeers).toBe(true);
    expect(config.offboarding.deleteNetbirdUser).toBe(false);
    expect(config.schedules.sweep).toBe('0 */15 * * * *');
    expect(config.bot.tenantId).toBe(config.graph.tenantId);
    expect(config.waveThresholds.connectedShare).toEqual({ green: 0.9, amber: 0.75 });
    expect(config.netbird.apiUrl).toBe('https://netbird.contoso.test');
  });

  it('names all three bad settings in one message, with no secret value in it', () => {
    const err = problemsOf(
      validEnv({
        NETBIRD_API_URL: `not a url ${TEST_SECRETS.NETBIRD_ADMIN_TOKEN}`,
        ENTRA_TENANT_ID: 'contoso',
        SITES: `[{"name": "Honolulu", "dcs": ["${TEST_SECRETS.GRAPH_CLIENT_SECRET}"]}]`,
      }),
    );
    expect(err.problems).toHaveLength(3);
    expect(err.message).toMatch(/NETBIRD_API_URL must be an http\(s\) URL/);
    expect(err.message).toMatch(/ENTRA_TENANT_ID must be a GUID/);
    expect(err.message).toMatch(/SITES must be an IPv4 address at 0\.dcs\.0/);
    for (const secret of Object.values(TEST_SECRETS)) expect(err.message).not.toContain(secret);
  });

  it('lists every missing required setting when nothing is set', () => {
    const err = problemsOf({});
    for (const key of [
      'NETBIRD_API_URL',
      'NETBIRD_READ_TOKEN',
      'NETBIRD_ADMIN_TOKEN',
      'ENTRA_TENANT_ID',
      'IT_GROUP_ID',
      'IT_APPROVERS_GROUP_ID',
      'IT_CHANNEL_ID',
      'SITES',
      'AD_DNS_DOMAIN',
      'NETBIRD_IDP_CONNECTOR_ID',
    ]) {
      expect(err.message).toContain(key);
    }
  });

  it('checks rules that span settings without blaming a setting twice', () => {
    const err = problemsOf(
      validEnv({
        NETBIRD_IDP_CONNECTOR_ID: '',
        GRAPH_CLIENT_SECRET: undefined,
        APPROVAL_REMIND_HOURS: '48',
        APPROVAL_ESCALATE_HOURS: '24',
      }),
    );
    expect(err.problems).toEqual([
      'NETBIRD_IDP_CONNECTOR_ID is required when NETBIRD_IDP_MODE is "embedded" (the Dex connector id of the Entra connector)',
      'GRAPH_CLIENT_SECRET is required when GRAPH_AUTH is "client-secret"',
      'APPROVAL_ESCALATE_HOURS must be greater than APPROVAL_REMIND_HOURS',
    ]);
  });

  it('fails closed: without a bot app id or function keys it refuses to run anywhere but the loopback local host, whatever the platform sets', () => {
    const missing = {
      MicrosoftAppId: undefined,
      MicrosoftAppPassword: undefined,
      GRAPH_WEBHOOK_FUNCTION_KEY: undefined,
      OFFBOARD_FUNCTION_KEY: undefined,
    };
    // No WEBSITE_INSTANCE_ID (another platform, or a variable the platform stopped setting): still refused.
    expect(problemsOf(validEnv(missing)).problems).toEqual([
      'MicrosoftAppId is required unless the app runs on the local host on a loopback address (without it incoming Teams activities are not authenticated)',
      'GRAPH_WEBHOOK_FUNCTION_KEY is required unless the app runs on the local host on a loopback address (the Graph webhook endpoints check it)',
      'OFFBOARD_FUNCTION_KEY is required unless the app runs on the local host on a loopback address (POST /api/offboard checks it)',
    ]);
    const inAzure = problemsOf(validEnv({ ...missing, WEBSITE_INSTANCE_ID: 'abc123' }));
    expect(inAzure.message).toContain('MicrosoftAppId is required');
    expect(inAzure.message).toContain('AzureWebJobsStorage is required in Azure');
  });

  it('keys are long and each opens one thing: the offboard key may not equal the Graph one', () => {
    expect(problemsOf(validEnv({ OFFBOARD_FUNCTION_KEY: 'short' })).problems).toEqual([
      'OFFBOARD_FUNCTION_KEY must be at least 32 characters',
    ]);
    const same = 'k'.repeat(40);
    expect(problemsOf(validEnv({ OFFBOARD_FUNCTION_KEY: same, GRAPH_WEBHOOK_FUNCTION_KEY: same })).problems).toEqual([
      'OFFBOARD_FUNCTION_KEY must differ from GRAPH_WEBHOOK_FUNCTION_KEY (each key opens one thing)',
    ]);
  });

  it('allows the loopback local host without a bot app id or keys, and legacy IdP mode without a connector id', () => {
    declareLoopbackHost('127.0.0.1');
    try {
      const config = loadConfig(
        validEnv({
          MicrosoftAppId: undefined,
          GRAPH_WEBHOOK_FUNCTION_KEY: undefined,
          OFFBOARD_FUNCTION_KEY: undefined,
          NETBIRD_IDP_MODE: 'legacy',
          NETBIRD_IDP_CONNECTOR_ID: undefined,
        }),
      );
      expect(config.bot.appId).toBeUndefined();
      expect(config.netbird.idp).toEqual({ mode: 'legacy' });
    } finally {
      resetRuntimeForTests();
    }
    expect(() => declareLoopbackHost('0.0.0.0')).toThrow('not a loopback address');
  });

  it('rejects multi-tenant bots, bad booleans, numbers and schedules by name', () => {
    const err = problemsOf(
      validEnv({
        MicrosoftAppType: 'MultiTenant',
        DRY_RUN: 'maybe',
        BLAST_RADIUS_MAX_SHARE: '2',
        SWEEP_SCHEDULE: '*/15 * * * *',
      }),
    );
    expect(err.problems).toEqual(
      expect.arrayContaining([
        'DRY_RUN must be true or false',
        'BLAST_RADIUS_MAX_SHARE must be a number >= 0 and <= 1',
        'SWEEP_SCHEDULE must be a six-field NCRONTAB expression such as "0 */15 * * * *"',
        'MicrosoftAppType MultiTenant bots are deprecated: use SingleTenant or UserAssignedMsi',
      ]),
    );
  });

  it('reads the self-healing settings: retry back-off, stall, retry days, heartbeats from the schedules', () => {
    const defaults = loadConfig(validEnv());
    expect(defaults.retry).toEqual({ backoffMinutes: [1, 2, 5, 15, 30], stallMinutes: 15, forDays: 7 });
    expect(defaults.schedules.retry).toBe('0 * * * * *');
    // Twice each timer's period, read from its schedule.
    expect(defaults.heartbeats).toEqual({ sweep: 30, subscriptions: 720, retry: 2 });
    const custom = loadConfig(
      validEnv({ RETRY_BACKOFF_MINUTES: '2, 10, 60', SWEEP_SCHEDULE: '0 */5 * * * *', RETRY_HEARTBEAT_MINUTES: '10' }),
    );
    expect(custom.retry.backoffMinutes).toEqual([2, 10, 60]);
    expect(custom.heartbeats).toEqual({ sweep: 10, subscriptions: 720, retry: 10 });

    const err = problemsOf(
      validEnv({
        RETRY_BACKOFF_MINUTES: '1,soon',
        RETRY_FOR_DAYS: '3',
        SWEEP_HEARTBEAT_MINUTES: '0',
        RETRY_SCHEDULE: '0 99 * * * *',
      }),
    );
    expect(err.problems).toEqual(
      expect.arrayContaining([
        'RETRY_BACKOFF_MINUTES must be a comma-separated list of positive minutes such as "1,2,5,15,30"',
        'RETRY_FOR_DAYS must be a number >= 7 and <= 90',
        'SWEEP_HEARTBEAT_MINUTES must be a number >= 1',
        'RETRY_SCHEDULE must be a six-field NCRONTAB expression such as "0 */15 * * * *"',
      ]),
    );
  });

  it('parses waves and reports a bad one by path', () => {
    const waves = [
      {
        name: 'Pilot 1',
        members: { entraGroupId: '0d4e4a8b-7a35-4d7f-9c2e-3b1a2f6e9d02' },
        plannedStart: '2026-12-01',
      },
    ];
    expect(loadConfig(validEnv({ WAVES: JSON.stringify(waves) })).waves[0]?.name).toBe('Pilot 1');
    const err = problemsOf(validEnv({ WAVES: '[{"name":"x","members":{}}]' }));
    expect(err.message).toContain('WAVES members must be');
    expect(problemsOf(validEnv({ WAVES: '{oops' })).problems).toEqual(['WAVES is not valid JSON']);
  });
});
