/**
 * The wave-health use-case: read NetBird once (users, peers, groups, policies, networks, routes,
 * DNS), resolve each wave's members, read the two tenant-wide reports at most once (only when a
 * wave has users), run every check, and grade the wave (worst check wins) with its go/no-go for
 * the next wave. One wave failing (its group is gone) does not stop the others.
 *
 * HTTP per run: NetBird 7 + 2 per network; Graph 1+ per Entra wave (members) and 2 per user
 * (registered and owned devices); reports: the pages of one SSPR audit query and one
 * registration-details list, whatever the number of users (see shared/graph/tenant-audits.ts).
 */
import { fetchNetworkSnapshot } from '../netbird/index.js';
import type { Config } from '../config/index.js';
import type { Site, Wave, WaveThresholds } from '../config/domain.js';
import { AppError, NotFoundError, UpstreamError, errorMessage } from '../errors.js';
import type { DirectoryAudit, GraphTenantReports, RegistrationDetails } from '../graph/index.js';
import type { Logger } from '../logger.js';
import type { IdpMode, NetBirdClient } from '../netbird/index.js';
import { WAVE_CHECKS } from './checks/index.js';
import { groupSets } from './group-sets.js';
import { buildInventory, resolveMembers, type Inventory, type MemberGraph } from './members.js';
import { thresholdsFor } from './thresholds.js';
import type { CheckResult, Fetched, WaveCheckInput, WaveEvaluation } from './types.js';
import { NetBirdUserIndex } from './user-index.js';
import { decisionFor, worstStatus } from './verdict.js';

const DAY_MS = 24 * 3600_000;

export interface WaveDeps {
  netbird: NetBirdClient;
  graph: MemberGraph;
  reports: Pick<GraphTenantReports, 'ssprAudits' | 'registrationDetails'>;
  logger: Logger;
}

export interface WaveSettings {
  waves: Wave[];
  thresholds: WaveThresholds;
  minNetbirdVersion: string | undefined;
  sites: Site[];
  adDnsDomain: string;
  idp: IdpMode;
}

export function waveSettings(config: Config): WaveSettings {
  return {
    waves: config.waves,
    thresholds: config.waveThresholds,
    minNetbirdVersion: config.minNetbirdVersion,
    sites: config.sites,
    adDnsDomain: config.adDnsDomain,
    idp: config.netbird.idp,
  };
}

export interface EvaluateOptions {
  now?: Date;
  /** Evaluate only this wave (name, any case); NotFoundError naming the waves when there is none. */
  only?: string;
}

/** The configured wave with this name (any case), or NotFoundError listing the names there are. */
export function findWave(waves: readonly Wave[], name: string): Wave {
  const wave = waves.find((w) => w.name.toLowerCase() === name.trim().toLowerCase());
  if (!wave) {
    const known = waves.map((w) => w.name).join(', ');
    throw new NotFoundError(known ? `No wave named "${name}". Waves: ${known}` : 'No waves are configured (WAVES)');
  }
  return wave;
}

const SERVICE_NAMES: Record<UpstreamError['service'], string> = {
  netbird: 'NetBird',
  graph: 'Microsoft Graph',
  botframework: 'Teams',
  storage: 'Storage',
};

/**
 * What a card may say about a failure: the service and its HTTP status, or our own message for a
 * client-side problem (a group that does not exist). Upstream messages carry URLs and names that
 * belong in the log, not in a channel; the log gets the whole error.
 */
export function publicReason(err: unknown): string {
  if (err instanceof UpstreamError)
    return `${SERVICE_NAMES[err.service]} ${err.upstreamStatus ? `answered HTTP ${err.upstreamStatus}` : 'did not answer'}`;
  if (err instanceof AppError && err.status < 500) return err.message;
  return 'an internal error (see the log)';
}

/** Loads once, on first call, and remembers a failure as "could not tell" rather than throwing. */
function once<T>(load: () => Promise<T>, logger: Logger, what: string): () => Promise<Fetched<T>> {
  let result: Promise<Fetched<T>> | undefined;
  return () => {
    result ??= load().then(
      (value): Fetched<T> => ({ ok: true, value }),
      (err: unknown): Fetched<T> => {
        logger.warn('wave health: a source could not be read', { source: what, error: errorMessage(err) });
        return { ok: false, error: publicReason(err) };
      },
    );
    return result;
  };
}

function sourceOf(wave: Wave): string {
  return 'entraGroupId' in wave.members
    ? `Entra group ${wave.members.entraGroupId}`
    : `NetBird group "${wave.members.netbirdGroup}"`;
}

function runCheck(check: (typeof WAVE_CHECKS)[number], input: WaveCheckInput, logger: Logger): CheckResult {
  try {
    return check.run(input);
  } catch (err) {
    // A bug in one check must not hide the others: it shows as a red row naming the failure.
    logger.error('wave health: a check failed', { check: check.id, error: errorMessage(err) });
    return {
      id: check.id,
      title: check.id,
      status: 'red',
      summary: `check failed: ${publicReason(err)}`,
      evidence: {},
    };
  }
}

export async function evaluateWaves(
  deps: WaveDeps,
  settings: WaveSettings,
  options: EvaluateOptions = {},
): Promise<WaveEvaluation[]> {
  const now = options.now ?? new Date();
  const logger = deps.logger.child({ useCase: 'wave-health' });
  const waves = options.only === undefined ? settings.waves : [findWave(settings.waves, options.only)];
  if (waves.length === 0) return [];

  const [network, netbirdUsers] = await Promise.all([fetchNetworkSnapshot(deps.netbird), deps.netbird.listUsers()]);
  const inventory = buildInventory(network.peers, network.groups, new NetBirdUserIndex(netbirdUsers, settings.idp));
  const registrations = once(
    async () =>
      new Map(
        (await deps.reports.registrationDetails()).map((r): [string, RegistrationDetails] => [r.id.toLowerCase(), r]),
      ) as ReadonlyMap<string, RegistrationDetails>,
    logger,
    'registration details',
  );
  const ssprEvents = once(
    async (): Promise<readonly DirectoryAudit[]> => deps.reports.ssprAudits(new Date(now.getTime() - DAY_MS)),
    logger,
    'the SSPR audit log',
  );

  const out: WaveEvaluation[] = [];
  for (const wave of waves) {
    const index = settings.waves.indexOf(wave);
    const next = settings.waves[index + 1];
    const base = {
      wave: wave.name,
      ...(wave.plannedStart ? { plannedStart: wave.plannedStart } : {}),
      source: sourceOf(wave),
      evaluatedAt: now.toISOString(),
      ...(next
        ? { nextWave: { name: next.name, ...(next.plannedStart ? { plannedStart: next.plannedStart } : {}) } }
        : {}),
    };
    try {
      out.push({
        ...base,
        ...(await evaluateOne(wave, deps, settings, inventory, network, { registrations, ssprEvents }, now, logger)),
      });
    } catch (err) {
      logger.warn('wave health: wave could not be evaluated', { wave: wave.name, error: errorMessage(err) });
      out.push({
        ...base,
        status: 'red',
        decision: 'no-go',
        users: 0,
        peers: 0,
        usersWithoutPeers: [],
        notes: [],
        checks: [],
        error: publicReason(err),
      });
    }
  }
  return out;
}

type Loaders = {
  registrations: () => Promise<Fetched<ReadonlyMap<string, RegistrationDetails>>>;
  ssprEvents: () => Promise<Fetched<readonly DirectoryAudit[]>>;
};

async function evaluateOne(
  wave: Wave,
  deps: WaveDeps,
  settings: WaveSettings,
  inventory: Inventory,
  network: WaveCheckInput['network'],
  loaders: Loaders,
  now: Date,
  logger: Logger,
) {
  const members = await resolveMembers(wave, deps.graph, inventory);
  const noUsers: Fetched<never> = { ok: false, error: 'no users' };
  const input: WaveCheckInput = {
    wave,
    thresholds: thresholdsFor(settings.thresholds, wave),
    members,
    network,
    groupSets: groupSets(members.peers, network, settings.sites, settings.adDnsDomain),
    sites: settings.sites,
    adDomain: settings.adDnsDomain,
    minVersion: settings.minNetbirdVersion,
    now,
    // Reports are only read when some wave has users to join them with.
    registrations: members.users.length ? await loaders.registrations() : noUsers,
    ssprEvents: members.users.length ? await loaders.ssprEvents() : noUsers,
  };
  const checks = WAVE_CHECKS.map((check) => runCheck(check, input, logger));
  const status = worstStatus(checks.map((c) => c.status));
  return {
    status,
    decision: decisionFor(status),
    users: members.users.length,
    peers: members.peers.length,
    usersWithoutPeers: members.usersWithoutPeers.map((u) => u.name).sort(),
    notes: members.notes,
    checks,
  };
}
