/**
 * Every app setting the product reads, validated in one pass. The keys are the environment
 * variable / app setting names; `toConfig` turns them into the typed `Config` the code uses.
 * Azure Functions app settings reach the worker as environment variables:
 * https://learn.microsoft.com/azure/azure-functions/functions-app-settings
 */
import { z } from 'zod';
import { siteSchema, waveSchema, waveThresholdsSchema } from './domain.js';
import { GROUP_SYNC_MODES, groupMapSchema } from './group-map.js';
import { DEFAULT_SCHEDULES } from '../host/schedules.js';
import { DEFAULT_EVENT_TYPES } from '../activity/codes.js';
import {
  bool,
  httpsUrl,
  httpUrl,
  json,
  minutesList,
  ncrontab,
  number,
  optionalNumber,
  optionalText,
  text,
  uuid,
  wordList,
} from './env.js';

export const settingsSchema = z.object({
  // NetBird management API
  NETBIRD_API_URL: httpUrl(),
  NETBIRD_READ_TOKEN: text(),
  NETBIRD_ADMIN_TOKEN: text(),
  NETBIRD_IDP_MODE: z.preprocess(
    (v) => (v === '' || v === undefined ? 'embedded' : v),
    z.enum(['embedded', 'legacy'], { error: 'must be "embedded" or "legacy"' }),
  ),
  NETBIRD_IDP_CONNECTOR_ID: optionalText(),
  NETBIRD_TIMEOUT_MS: number(10_000, { min: 1_000, max: 120_000, int: true }),
  NETBIRD_WRITES_PER_SECOND: number(5, { min: 0.1, max: 100 }),

  // Entra ID and Microsoft Graph
  ENTRA_TENANT_ID: uuid(),
  GRAPH_AUTH: z.preprocess(
    (v) => (v === '' || v === undefined ? 'managed-identity' : v),
    z.enum(['client-secret', 'managed-identity'], { error: 'must be "client-secret" or "managed-identity"' }),
  ),
  GRAPH_CLIENT_ID: optionalText(),
  GRAPH_CLIENT_SECRET: optionalText(),
  GRAPH_BASE_URL: httpUrl().optional().default('https://graph.microsoft.com'),
  // MSAL refuses a non-https authority.
  GRAPH_AUTHORITY_HOST: httpsUrl().optional(),
  GRAPH_TIMEOUT_MS: number(15_000, { min: 1_000, max: 120_000, int: true }),

  // Bot Framework (names as botbuilder's ConfigurationBotFrameworkAuthentication reads them)
  MicrosoftAppId: optionalText(),
  MicrosoftAppType: z.preprocess(
    (v) => (v === '' || v === undefined ? 'SingleTenant' : v),
    z.enum(['SingleTenant', 'UserAssignedMsi', 'MultiTenant'], { error: 'must be SingleTenant or UserAssignedMsi' }),
  ),
  MicrosoftAppTenantId: optionalText(),
  MicrosoftAppPassword: optionalText(),

  // Storage
  AzureWebJobsStorage: optionalText(),

  // Who is who, and where cards go
  IT_GROUP_ID: uuid(),
  IT_APPROVERS_GROUP_ID: uuid(),
  IT_CHANNEL_ID: text().pipe(
    z
      .string()
      .regex(/^19:.+@thread\.(tacv2|skype)$/, { error: 'must be a Teams channel id such as 19:abc…@thread.tacv2' }),
  ),
  TEAMS_SERVICE_URL: httpUrl().optional().default('https://smba.trafficmanager.net/teams'),
  PUBLIC_BASE_URL: httpUrl().optional(),

  // The network this serves
  SITES: json(z.array(siteSchema).min(1, { error: 'needs at least one site' })),
  AD_DNS_DOMAIN: text()
    .pipe(
      z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, {
        error: 'must be a DNS domain such as corp.contoso.com',
      }),
    )
    .transform((v) => v.toLowerCase()),
  WAVES: json(z.array(waveSchema), []),
  WAVE_THRESHOLDS: json(waveThresholdsSchema, {}),
  // Group drift (shared/drift/*): Entra group → NetBird group(s); report only, or apply the differences.
  GROUP_MAP: json(groupMapSchema, {}),
  GROUP_SYNC: z.preprocess(
    (v) => (v === '' || v === undefined ? 'report' : v),
    z.enum(GROUP_SYNC_MODES, { error: 'must be "report" or "apply"' }),
  ),
  MIN_NETBIRD_VERSION: optionalText().pipe(
    z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, { error: 'must be a version such as 0.60.0' })
      .optional(),
  ),

  // Offboarding behaviour
  DRY_RUN: bool(false),
  QUARANTINE_MACHINE_PEERS: bool(true),
  QUARANTINE_GROUP_NAME: optionalText().transform((v) => v ?? 'entra-ops-quarantine'),
  DELETE_NETBIRD_USER: bool(false),
  BLAST_RADIUS_MAX_USERS: number(10, { min: 1, int: true }),
  BLAST_RADIUS_MAX_SHARE: number(0.05, { min: 0, max: 1 }),
  APPROVAL_REMIND_HOURS: number(24, { min: 0.1 }),
  APPROVAL_ESCALATE_HOURS: number(72, { min: 0.1 }),
  /**
   * A rejected ("false alarm") case whose Entra account is still disabled this long after the
   * rejection is reopened for a decision (long enough for IT to re-enable it and Entra Connect to sync).
   */
  REJECTED_RECHECK_HOURS: number(4, { min: 0.1 }),
  /** The sliding window over which a burst of notifications counts towards the blast radius. */
  BLAST_RADIUS_WINDOW_MINUTES: number(10, { min: 1, max: 1_440, int: true }),
  /** First delta sweep: also offboard accounts that were already disabled before installation. */
  SWEEP_BASELINE_OFFBOARD: bool(false),
  /** Function key Graph appends as `?code=` when it calls the webhook and lifecycle endpoints (and nothing else). */
  GRAPH_WEBHOOK_FUNCTION_KEY: optionalText().pipe(
    z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  ),
  /** Function key of `POST /api/offboard` (for HR and other systems), different from the Graph one. */
  OFFBOARD_FUNCTION_KEY: optionalText().pipe(
    z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  ),

  // Timers (NCRONTAB; the registrations read them as %SETTING% like the Functions host does)
  SWEEP_SCHEDULE: ncrontab(DEFAULT_SCHEDULES.SWEEP_SCHEDULE),
  SUBSCRIPTION_SCHEDULE: ncrontab(DEFAULT_SCHEDULES.SUBSCRIPTION_SCHEDULE),
  ESCALATION_SCHEDULE: ncrontab(DEFAULT_SCHEDULES.ESCALATION_SCHEDULE),
  WAVE_HEALTH_SCHEDULE: ncrontab(DEFAULT_SCHEDULES.WAVE_HEALTH_SCHEDULE),
  RETRY_SCHEDULE: ncrontab(DEFAULT_SCHEDULES.RETRY_SCHEDULE),
  GROUP_DRIFT_SCHEDULE: ncrontab(DEFAULT_SCHEDULES.GROUP_DRIFT_SCHEDULE),
  JOINER_SCHEDULE: ncrontab(DEFAULT_SCHEDULES.JOINER_SCHEDULE),
  ACTIVITY_SCHEDULE: ncrontab(DEFAULT_SCHEDULES.ACTIVITY_SCHEDULE),

  // NetBird activity feed (shared/activity): the audit-log event types posted to the IT channel
  // ("*": all, unknown ones generically), and NetBird user ids whose changes count as this app's
  // own besides its tokens' service users (found by `is_current`).
  ACTIVITY_EVENT_TYPES: wordList(DEFAULT_EVENT_TYPES, /^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'policy.update,user.block'),
  ACTIVITY_APP_USER_IDS: wordList([], /^[A-Za-z0-9_:.@|=+/-]{1,200}$/, 'd2v5k4p1l1bs73c0g1s0').refine(
    (v) => v !== '*',
    { error: 'must list user ids, not "*"' },
  ),

  // Self-healing (offboarding/retry.ts): the wait before each automatic retry of a failed or stuck
  // case (the last one repeats), how long a case may sit without moving before it counts as stuck,
  // and for how many days retries go on before the case is left to a person.
  RETRY_BACKOFF_MINUTES: minutesList([1, 2, 5, 15, 30]),
  RETRY_STALL_MINUTES: number(15, { min: 1, max: 1_440 }),
  RETRY_FOR_DAYS: number(7, { min: 7, max: 90 }),
  // Heartbeats (offboarding/heartbeat.ts): alert when a timer has not succeeded for this long.
  // Unset: twice the timer's period, read from its schedule.
  SWEEP_HEARTBEAT_MINUTES: optionalNumber({ min: 1 }),
  SUBSCRIPTION_HEARTBEAT_MINUTES: optionalNumber({ min: 1 }),
  RETRY_HEARTBEAT_MINUTES: optionalNumber({ min: 1 }),

  LOG_LEVEL: z.preprocess(
    (v) => (v === '' || v === undefined ? 'info' : v),
    z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be debug, info, warn or error' }),
  ),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText(),
  /** Set by App Service in Azure; its presence means "running in Azure". */
  WEBSITE_INSTANCE_ID: optionalText(),
});

export type Settings = z.output<typeof settingsSchema>;

/** Settings whose values are secret: never logged, never echoed. */
export const SECRET_SETTINGS = [
  'NETBIRD_READ_TOKEN',
  'NETBIRD_ADMIN_TOKEN',
  'GRAPH_CLIENT_SECRET',
  'MicrosoftAppPassword',
  'AzureWebJobsStorage',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'GRAPH_WEBHOOK_FUNCTION_KEY',
  'OFFBOARD_FUNCTION_KEY',
] as const satisfies readonly (keyof Settings)[];

/**
 * Rules that span several settings, run over the settings that parsed (an invalid one is absent,
 * so its dependants are not blamed twice). Each returns [setting, problem] pairs.
 */
export function crossFieldProblems(
  s: Partial<Settings>,
  host: { loopback: boolean } = { loopback: false },
): [keyof Settings, string][] {
  const out: [keyof Settings, string][] = [];
  const inAzure = s.WEBSITE_INSTANCE_ID !== undefined;
  if (s.NETBIRD_IDP_MODE === 'embedded' && !s.NETBIRD_IDP_CONNECTOR_ID) {
    out.push([
      'NETBIRD_IDP_CONNECTOR_ID',
      'is required when NETBIRD_IDP_MODE is "embedded" (the Dex connector id of the Entra connector)',
    ]);
  }
  if (s.GRAPH_AUTH === 'client-secret') {
    if (!s.GRAPH_CLIENT_ID) out.push(['GRAPH_CLIENT_ID', 'is required when GRAPH_AUTH is "client-secret"']);
    if (!s.GRAPH_CLIENT_SECRET) out.push(['GRAPH_CLIENT_SECRET', 'is required when GRAPH_AUTH is "client-secret"']);
  }
  if (s.MicrosoftAppId) {
    if (s.MicrosoftAppType === 'MultiTenant')
      out.push(['MicrosoftAppType', 'MultiTenant bots are deprecated: use SingleTenant or UserAssignedMsi']);
    if (s.MicrosoftAppType === 'SingleTenant' && !s.MicrosoftAppPassword)
      out.push(['MicrosoftAppPassword', 'is required for a SingleTenant bot']);
  }
  // Fail closed: anywhere but the local host on a loopback address (runtime.ts), whatever the
  // platform's variables say. An empty MicrosoftAppId switches off JWT validation of activities.
  if (!host.loopback) {
    if (!s.MicrosoftAppId)
      out.push([
        'MicrosoftAppId',
        'is required unless the app runs on the local host on a loopback address (without it incoming Teams activities are not authenticated)',
      ]);
    if (!s.GRAPH_WEBHOOK_FUNCTION_KEY)
      out.push([
        'GRAPH_WEBHOOK_FUNCTION_KEY',
        'is required unless the app runs on the local host on a loopback address (the Graph webhook endpoints check it)',
      ]);
    if (!s.OFFBOARD_FUNCTION_KEY)
      out.push([
        'OFFBOARD_FUNCTION_KEY',
        'is required unless the app runs on the local host on a loopback address (POST /api/offboard checks it)',
      ]);
  }
  if (s.GRAPH_WEBHOOK_FUNCTION_KEY && s.GRAPH_WEBHOOK_FUNCTION_KEY === s.OFFBOARD_FUNCTION_KEY) {
    out.push(['OFFBOARD_FUNCTION_KEY', 'must differ from GRAPH_WEBHOOK_FUNCTION_KEY (each key opens one thing)']);
  }
  if (inAzure && !s.AzureWebJobsStorage) out.push(['AzureWebJobsStorage', 'is required in Azure']);
  if (
    s.APPROVAL_ESCALATE_HOURS !== undefined &&
    s.APPROVAL_REMIND_HOURS !== undefined &&
    s.APPROVAL_ESCALATE_HOURS <= s.APPROVAL_REMIND_HOURS
  ) {
    out.push(['APPROVAL_ESCALATE_HOURS', 'must be greater than APPROVAL_REMIND_HOURS']);
  }
  return out;
}
