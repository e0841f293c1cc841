/**
 * Shared set-up for the demo-world tests: start a world once per file, trust its certificate the
 * way the host does, and build the app's real clients (NetBirdClient, GraphClient with a
 * ClientSecretCredential against the simulated Entra authority) from the settings it hands out.
 */
import { declareLoopbackHost } from '../../shared/host/runtime.js';
import tls from 'node:tls';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig, type Config } from '../../shared/config/index.js';
import { createServices, type Services } from '../../shared/services.js';
import { botTeamsSender } from '../../bot/teams-sender.js';
import { startDemoWorld, type DemoWorld, type DemoWorldOptions } from '../../local/demo/world.js';
import { recordingLogger, type LogLine } from '../http/recording-logger.js';

export interface WorldContext {
  world: DemoWorld;
  config: Config;
  services: Services;
  /** Everything the world and the clients logged. */
  logs: LogLine[];
}

/** Trusts the simulator's self-signed certificate for every later TLS connection of this process. */
export function trust(pem: string): void {
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), pem]);
}

export function useWorld(options: DemoWorldOptions = {}): WorldContext {
  const ctx = { logs: [] as LogLine[] } as WorldContext;
  beforeAll(async () => {
    const logger = recordingLogger(ctx.logs);
    ctx.world = await startDemoWorld({ seed: 42, ...options, logger });
    trust(ctx.world.caCert);
    declareLoopbackHost('127.0.0.1'); // the demo world is a loopback-only run: no bot app id or keys
    ctx.config = loadConfig(ctx.world.env);
    ctx.services = createServices(ctx.config, logger, botTeamsSender(ctx.config, logger));
  });
  afterAll(async () => {
    await ctx.world?.stop();
  });
  return ctx;
}

/** A raw call to the NetBird simulator, for requests the app's client would never send. */
export async function netbirdFetch(
  world: DemoWorld,
  path: string,
  init: { method?: string; token?: string | null; body?: unknown; rawBody?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const token = init.token === undefined ? world.env.NETBIRD_ADMIN_TOKEN : init.token;
  const response = await fetch(`${world.netbird.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Token ${token}` } : {}),
    },
    ...(init.rawBody !== undefined
      ? { body: init.rawBody }
      : init.body !== undefined
        ? { body: JSON.stringify(init.body) }
        : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** A bearer token from the simulated Entra authority, for raw Graph calls. */
export async function graphToken(world: DemoWorld): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: world.env.GRAPH_CLIENT_ID!,
    client_secret: world.env.GRAPH_CLIENT_SECRET!,
    scope: `${world.graph.url}/.default`,
  });
  const response = await fetch(`${world.graph.authorityHost}/${world.env.ENTRA_TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    body: form,
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A raw Graph call (path under `/v1.0`, or an absolute link the simulator returned). */
export async function graphFetch(
  world: DemoWorld,
  pathOrLink: string,
  init: { method?: string; token?: string | null; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = init.token === undefined ? await graphToken(world) : init.token;
  const url = pathOrLink.startsWith('https://') ? pathOrLink : `${world.graph.url}/v1.0${pathOrLink}`;
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/**
 * The leaver's laptops as the seed has them: hybrid joined, so no Entra owner; the names the leaver
 * signed in on, less a colleague's laptop (Intune names someone else its primary user).
 */
export function leaverLaptops(world: DemoWorld): string[] {
  const { leaver } = world.people;
  const theirs = new Set(
    world.graph.state.managedDevices.filter((d) => d.userId && d.userId !== leaver.id).map((d) => d.deviceName),
  );
  return [
    ...new Set(world.graph.state.signIns.filter((s) => s.userId === leaver.id).map((s) => s.deviceDetail.displayName)),
  ].filter((n) => !theirs.has(n));
}
