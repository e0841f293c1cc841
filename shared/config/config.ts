/**
 * The one typed configuration object. `loadConfig` validates every setting in one pass and throws
 * a `ConfigError` naming every problem; `getConfig` reads the process environment once.
 */
import { ConfigError } from '../errors.js';
import { registerSecrets } from '../logger.js';
import type { Site, Wave, WaveThresholds } from './domain.js';
import type { GroupMap, GroupSyncMode } from './group-map.js';
import { runsOnLoopbackHost } from '../host/runtime.js';
import { schedulePeriodMinutes } from '../host/schedules.js';
import type { ActivitySettings } from '../activity/settings.js';
import { crossFieldProblems, SECRET_SETTINGS, settingsSchema, type Settings } from './schema.js';

export interface Config {
  inAzure: boolean;
  logLevel: Settings['LOG_LEVEL'];
  dryRun: boolean;
  netbird: {
    apiUrl: string;
    readToken: string;
    adminToken: string;
    idp: { mode: 'embedded'; connectorId: string } | { mode: 'legacy' };
    timeoutMs: number;
    writesPerSecond: number;
  };
  graph: {
    tenantId: string;
    baseUrl: string;
    authorityHost: string | undefined;
    auth:
      | { kind: 'client-secret'; clientId: string; clientSecret: string }
      | { kind: 'managed-identity'; clientId: string | undefined };
    timeoutMs: number;
  };
  bot: {
    appId: string | undefined;
    appType: 'SingleTenant' | 'UserAssignedMsi' | 'MultiTenant';
    tenantId: string;
    appPassword: string | undefined;
    serviceUrl: string;
  };
  storage: { connectionString: string | undefined };
  it: { groupId: string; approversGroupId: string; channelId: string };
  publicBaseUrl: string | undefined;
  sites: Site[];
  adDnsDomain: string;
  waves: Wave[];
  waveThresholds: WaveThresholds;
  minNetbirdVersion: string | undefined;
  /** Group drift: Entra group id (lower case) → NetBird group names, and report or apply. */
  drift: { map: GroupMap; mode: GroupSyncMode };
  offboarding: {
    quarantineMachinePeers: boolean;
    quarantineGroupName: string;
    deleteNetbirdUser: boolean;
    blastRadius: { maxUsers: number; maxShare: number };
    remindAfterHours: number;
    escalateAfterHours: number;
    /** A rejected case whose account is still disabled after this long is reopened. */
    rejectedRecheckHours: number;
    /** Minutes over which notifications count as one burst for the blast-radius guard. */
    burstWindowMinutes: number;
    /** Whether the first delta sweep (the baseline) offboards accounts already disabled. */
    baselineOffboards: boolean;
    /** Function key for the Graph webhook URLs (`?code=`); secret. */
    webhookFunctionKey: string | undefined;
    /** Function key of `POST /api/offboard`; secret. */
    offboardFunctionKey: string | undefined;
  };
  schedules: {
    sweep: string;
    subscriptions: string;
    escalation: string;
    waveHealth: string;
    retry: string;
    groupDrift: string;
    joiners: string;
  };
  /** Automatic retries of failed and stuck cases (offboarding/retry.ts). */
  retry: { backoffMinutes: number[]; stallMinutes: number; forDays: number };
  /** Minutes without a success after which a timer's heartbeat alert goes out. */
  heartbeats: { sweep: number; subscriptions: number; retry: number };
  telemetry: { connectionString: string | undefined };
  /** The NetBird activity feed (shared/activity). */
  activity: ActivitySettings & { schedule: string };
}

/**
 * The activity feed's first run posts the last hour, not nothing and not the log's 10,000 events:
 * changes made while the app was being installed are still news, and one card holds them.
 */
const ACTIVITY_FIRST_RUN_MINUTES = 60;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Secrets are registered with the log scrubber before anything can print them.
  registerSecrets(SECRET_SETTINGS.map((k) => env[k]));
  // Each setting is parsed on its own so that one bad value never hides another.
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(settingsSchema.shape)) {
    const result = schema.safeParse(env[key]);
    if (result.success) values[key] = result.data;
    else for (const issue of result.error.issues) problems.push(`${key} ${issue.message}`);
  }
  const invalid = new Set(problems.map((p) => p.split(' ')[0]));
  for (const [key, message] of crossFieldProblems(values, { loopback: runsOnLoopbackHost() })) {
    if (!invalid.has(key)) problems.push(`${key} ${message}`); // already named for its own value
  }
  if (problems.length) throw new ConfigError(dedupe(problems));
  const s = values as Settings;
  return toConfig(s);
}

function toConfig(s: Settings): Config {
  return {
    inAzure: s.WEBSITE_INSTANCE_ID !== undefined,
    logLevel: s.LOG_LEVEL,
    dryRun: s.DRY_RUN,
    netbird: {
      apiUrl: s.NETBIRD_API_URL,
      readToken: s.NETBIRD_READ_TOKEN,
      adminToken: s.NETBIRD_ADMIN_TOKEN,
      idp:
        s.NETBIRD_IDP_MODE === 'embedded'
          ? { mode: 'embedded', connectorId: s.NETBIRD_IDP_CONNECTOR_ID ?? '' }
          : { mode: 'legacy' },
      timeoutMs: s.NETBIRD_TIMEOUT_MS,
      writesPerSecond: s.NETBIRD_WRITES_PER_SECOND,
    },
    graph: {
      tenantId: s.ENTRA_TENANT_ID,
      baseUrl: s.GRAPH_BASE_URL,
      authorityHost: s.GRAPH_AUTHORITY_HOST,
      auth:
        s.GRAPH_AUTH === 'client-secret'
          ? { kind: 'client-secret', clientId: s.GRAPH_CLIENT_ID ?? '', clientSecret: s.GRAPH_CLIENT_SECRET ?? '' }
          : { kind: 'managed-identity', clientId: s.GRAPH_CLIENT_ID },
      timeoutMs: s.GRAPH_TIMEOUT_MS,
    },
    bot: {
      appId: s.MicrosoftAppId,
      appType: s.MicrosoftAppType,
      tenantId: s.MicrosoftAppTenantId ?? s.ENTRA_TENANT_ID,
      appPassword: s.MicrosoftAppPassword,
      serviceUrl: s.TEAMS_SERVICE_URL,
    },
    storage: { connectionString: s.AzureWebJobsStorage },
    it: { groupId: s.IT_GROUP_ID, approversGroupId: s.IT_APPROVERS_GROUP_ID, channelId: s.IT_CHANNEL_ID },
    publicBaseUrl: s.PUBLIC_BASE_URL,
    sites: s.SITES,
    adDnsDomain: s.AD_DNS_DOMAIN,
    waves: s.WAVES,
    waveThresholds: s.WAVE_THRESHOLDS,
    minNetbirdVersion: s.MIN_NETBIRD_VERSION,
    drift: { map: s.GROUP_MAP, mode: s.GROUP_SYNC },
    offboarding: {
      quarantineMachinePeers: s.QUARANTINE_MACHINE_PEERS,
      quarantineGroupName: s.QUARANTINE_GROUP_NAME,
      deleteNetbirdUser: s.DELETE_NETBIRD_USER,
      blastRadius: { maxUsers: s.BLAST_RADIUS_MAX_USERS, maxShare: s.BLAST_RADIUS_MAX_SHARE },
      remindAfterHours: s.APPROVAL_REMIND_HOURS,
      escalateAfterHours: s.APPROVAL_ESCALATE_HOURS,
      rejectedRecheckHours: s.REJECTED_RECHECK_HOURS,
      burstWindowMinutes: s.BLAST_RADIUS_WINDOW_MINUTES,
      baselineOffboards: s.SWEEP_BASELINE_OFFBOARD,
      webhookFunctionKey: s.GRAPH_WEBHOOK_FUNCTION_KEY,
      offboardFunctionKey: s.OFFBOARD_FUNCTION_KEY,
    },
    schedules: {
      sweep: s.SWEEP_SCHEDULE,
      subscriptions: s.SUBSCRIPTION_SCHEDULE,
      escalation: s.ESCALATION_SCHEDULE,
      waveHealth: s.WAVE_HEALTH_SCHEDULE,
      retry: s.RETRY_SCHEDULE,
      groupDrift: s.GROUP_DRIFT_SCHEDULE,
      joiners: s.JOINER_SCHEDULE,
    },
    retry: { backoffMinutes: s.RETRY_BACKOFF_MINUTES, stallMinutes: s.RETRY_STALL_MINUTES, forDays: s.RETRY_FOR_DAYS },
    heartbeats: {
      sweep: s.SWEEP_HEARTBEAT_MINUTES ?? 2 * schedulePeriodMinutes(s.SWEEP_SCHEDULE),
      subscriptions: s.SUBSCRIPTION_HEARTBEAT_MINUTES ?? 2 * schedulePeriodMinutes(s.SUBSCRIPTION_SCHEDULE),
      retry: s.RETRY_HEARTBEAT_MINUTES ?? 2 * schedulePeriodMinutes(s.RETRY_SCHEDULE),
    },
    telemetry: { connectionString: s.APPLICATIONINSIGHTS_CONNECTION_STRING },
    activity: {
      schedule: s.ACTIVITY_SCHEDULE,
      eventTypes: s.ACTIVITY_EVENT_TYPES,
      appUserIds: s.ACTIVITY_APP_USER_IDS === '*' ? [] : s.ACTIVITY_APP_USER_IDS,
      firstRunMinutes: ACTIVITY_FIRST_RUN_MINUTES,
    },
  };
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

let cached: Config | undefined;

/** The process-wide configuration, read from the environment on first use. */
export function getConfig(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}

/** Tests only: forget the cached configuration. */
export function resetConfigForTests(): void {
  cached = undefined;
}
