/**
 * `npm start` without NetBird or Graph settings: the demo tenant. Starts the NetBird and Graph
 * simulators, trusts the Graph simulator's self-signed certificate, points the app's settings at
 * them, and adds the dev console (a Teams stand-in) to the local host. The app itself runs
 * unchanged: same clients, same storage, same timers.
 */
import tls from 'node:tls';
import type { Logger } from '../shared/logger.js';
import { createConsole } from './console/server.js';
import { startDemoWorld, type DemoWorld } from './demo/world.js';

/** Settings whose presence means "talk to a real NetBird or Graph". */
export const REAL_WORLD_SETTINGS = [
  'NETBIRD_API_URL',
  'NETBIRD_READ_TOKEN',
  'NETBIRD_ADMIN_TOKEN',
  'ENTRA_TENANT_ID',
  'GRAPH_CLIENT_ID',
  'GRAPH_CLIENT_SECRET',
  'GRAPH_BASE_URL',
] as const;

export function wantsDemo(env: NodeJS.ProcessEnv): boolean {
  if (env.DEMO === '1' || env.DEMO === 'true') return true;
  if (env.DEMO === '0' || env.DEMO === 'false') return false;
  return REAL_WORLD_SETTINGS.every((k) => !env[k]);
}

export interface Demo {
  world: DemoWorld;
  console: ReturnType<typeof createConsole>;
}

/** Starts the world and sets the environment; call before the local host reads its configuration. */
export async function startDemo(port: number, logger: Logger, appUrl: () => string): Promise<Demo> {
  const world = await startDemoWorld({ logger });
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), world.caCert]);
  const base = `http://localhost:${port}`;
  Object.assign(process.env, world.env, {
    PUBLIC_BASE_URL: base,
    // Bot replies and proactive posts go to the console's Bot Connector.
    TEAMS_SERVICE_URL: `${base}/console/connector`,
  });
  delete process.env.MicrosoftAppId; // local: the console sends unsigned activities
  const { itEngineer, manager, someoneElse, leaver } = world.people;
  // Hybrid-joined laptops have no Entra owner: the leaver's laptop is the one Intune names them primary user of.
  const leaverDevices = world.graph.state.managedDevices.filter((d) => d.userId === leaver.id).map((d) => d.deviceName);
  const routers = [...world.netbird.state.peers.values()]
    .filter((p) => /router/.test(p.name))
    .map((p) => p.name)
    .sort();
  const hints: Record<string, string> = {
    Try: 'help',
    ...(world.people.joiner ? { 'Pending joiner': world.people.joiner.displayName } : {}),
    "Leaver's laptop": leaverDevices[0] ?? '(none)',
    ...Object.fromEntries(routers.map((r, i) => [`Routing peer ${i + 1}`, r])),
  };
  const devConsole = createConsole({
    appUrl,
    tenantId: world.env.ENTRA_TENANT_ID ?? '',
    botAppId: undefined,
    itChannelId: world.env.IT_CHANNEL_ID ?? '',
    people: [
      { role: 'IT engineer', person: itEngineer },
      { role: 'manager', person: manager },
      { role: 'leaver', person: leaver },
      { role: 'someone else', person: someoneElse },
    ],
    controls: {
      disableUser: (id) => world.controls.disableUser(id),
      enableUser: (id) => world.controls.enableUser(id),
      deleteUser: (id) => world.controls.deleteUser(id),
      resetPassword: (id, by) => world.controls.resetPassword(id, by),
      setPeerConnected: (peer, connected) => world.controls.setPeerConnected(peer, connected),
    },
    hints,
    worldView: () => ({
      peers: [...world.netbird.state.peers.values()].map((p) => ({
        id: p.id,
        name: p.name,
        connected: p.connected,
        userId: p.user_id,
      })),
      users: [...world.netbird.state.users.values()].map((u) => ({
        id: u.id,
        email: u.email,
        blocked: u.is_blocked,
        pending: u.pending_approval,
      })),
      groups: [...world.netbird.state.groups.values()].map((g) => ({ id: g.id, name: g.name, peers: [...g.peers] })),
    }),
    logger,
  });
  return { world, console: devConsole };
}
