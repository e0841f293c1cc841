/**
 * The seeded demo organisation, deterministic from `seed`: one truth (seed/org.ts) turned into a
 * NetBird account (seed/netbird.ts) and an Entra tenant (seed/graph.ts), plus the app settings that
 * describe it (sites, AD domain, IT groups, waves). The simulators' secrets (tokens, client secret)
 * are random per start, never derived from the seed.
 */
import { randomBytes } from 'node:crypto';
import type { GraphState } from './graph/state.js';
import type { NetBirdState } from './netbird/state.js';
import { seedGraph } from './seed/graph.js';
import { seedNetBird } from './seed/netbird.js';
import { SITE_NETWORKS } from './seed/netbird-access.js';
import { buildOrg, type Org } from './seed/org.js';
import { AD_DOMAIN } from './seed/people.js';
import { Rng } from './seed/rng.js';

export interface SeedOptions {
  seed?: number;
  /** People in the tenant, at least 30 (default 120). */
  users?: number;
  /** Laptops enrolled in NetBird, routing peers not counted (default: users + users/8). */
  peers?: number;
  /** The moment "now" of the seeded data (last seen, audit times). */
  now?: Date;
}

export interface DemoSeed {
  org: Org;
  netbird: NetBirdState;
  graph: GraphState;
  /** Settings that describe the seeded world; world.ts adds the simulators' URLs. */
  settings: Record<string, string>;
}

export const DEFAULT_SEED = 6;
export const DEFAULT_USERS = 120;
export const MIN_USERS = 30;
export const MAX_USERS = 100_000;
export const IT_CHANNEL_ID = '19:demo-it-operations@thread.tacv2';
export const MIN_NETBIRD_VERSION = '0.60.0';

export function seedDemo(options: SeedOptions = {}): DemoSeed {
  const users = options.users ?? DEFAULT_USERS;
  if (!Number.isInteger(users) || users < MIN_USERS || users > MAX_USERS)
    throw new RangeError(`users must be a whole number from ${MIN_USERS} to ${MAX_USERS}`);
  const peers = options.peers ?? users + Math.ceil(users / 8);
  if (!Number.isInteger(peers) || peers < 1 || peers > 4 * MAX_USERS)
    throw new RangeError(`peers must be a whole number from 1 to ${4 * MAX_USERS}`);
  const rng = new Rng(options.seed ?? DEFAULT_SEED);
  const now = options.now ?? new Date();

  const tenantId = rng.guid();
  const clientId = rng.guid();
  const connectorId = `entra-${rng.xid()}`;
  const org = buildOrg(rng, now, { users, peers });
  const netbird = seedNetBird(rng, org, connectorId);
  const clientSecret = `demo~${randomBytes(24).toString('base64url')}`;
  const graph = seedGraph(rng, org, { tenantId, clientId, clientSecret });

  const settings: Record<string, string> = {
    NETBIRD_READ_TOKEN: netbird.readToken,
    NETBIRD_ADMIN_TOKEN: netbird.adminToken,
    NETBIRD_IDP_MODE: 'embedded',
    NETBIRD_IDP_CONNECTOR_ID: connectorId,
    ENTRA_TENANT_ID: tenantId,
    GRAPH_AUTH: 'client-secret',
    GRAPH_CLIENT_ID: clientId,
    GRAPH_CLIENT_SECRET: clientSecret,
    IT_GROUP_ID: org.itGroupId,
    IT_APPROVERS_GROUP_ID: org.itApproversGroupId,
    IT_CHANNEL_ID,
    SITES: JSON.stringify(SITE_NETWORKS.map((s) => ({ name: s.site, dcs: [...s.dcs], subnets: [s.dcSubnet] }))),
    AD_DNS_DOMAIN: AD_DOMAIN,
    WAVES: JSON.stringify(
      org.waves.map((w) => ({
        name: w.name,
        members: { entraGroupId: w.groupId },
        ...(w.plannedStart ? { plannedStart: w.plannedStart } : {}),
      })),
    ),
    MIN_NETBIRD_VERSION,
    GROUP_MAP: JSON.stringify(org.groupMap),
  };
  return { org, netbird: netbird.state, graph, settings };
}
