/**
 * The demo tenant: a seeded organisation (seed.ts) served by a NetBird management API simulator
 * (plain HTTP) and a Microsoft Graph + Entra token simulator (HTTPS, self-signed), both on
 * 127.0.0.1, with the app settings that point the app at them and the controls the dev console
 * offers. The app talks to them with its real clients, unchanged.
 *
 *   const world = await startDemoWorld({ logger });
 *   tls.setDefaultCACertificates([...tls.getCACertificates('default'), world.caCert]);
 *   Object.assign(process.env, world.env);
 */
import { pendingJoinerOf } from './seed/joiner.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { createControls, type DemoControls } from './controls.js';
import { startGraphSim } from './graph-sim.js';
import type { GraphState } from './graph/state.js';
import { startNetBirdSim } from './netbird-sim.js';
import type { NetBirdState } from './netbird/state.js';
import { seedDemo, type SeedOptions } from './seed.js';
import type { OrgPerson } from './seed/people.js';
import { loopbackCertificate } from './tls.js';

export interface Person {
  id: string;
  displayName: string;
  userPrincipalName: string;
}

export interface DemoWorldOptions extends SeedOptions {
  logger?: Logger;
  /** Largest page the Graph simulator returns (default 50). */
  graphPageSize?: number;
  /** Path of NetBird's openapi.yml (default `../shared/netbird/openapi.yml` beside the project). */
  netbirdSpecPath?: string;
}

export interface DemoWorld {
  /** App settings pointing the app at the simulators (everything config needs but storage, bot and PUBLIC_BASE_URL). */
  env: Record<string, string>;
  /** PEM of the self-signed certificate the HTTPS simulator uses; trust it with tls.setDefaultCACertificates. */
  caCert: string;
  netbird: { url: string; state: NetBirdState };
  graph: { url: string; authorityHost: string; state: GraphState };
  /** `joiner`: waits for NetBird approval; their manager is `manager` (seed/joiner.ts). */
  people: { itEngineer: Person; manager: Person; someoneElse: Person; leaver: Person; joiner?: Person };
  controls: DemoControls;
  stop(): Promise<void>;
}

const person = (p: OrgPerson): Person => ({
  id: p.id,
  displayName: p.displayName,
  userPrincipalName: p.userPrincipalName,
});

export async function startDemoWorld(options: DemoWorldOptions = {}): Promise<DemoWorld> {
  const logger = (options.logger ?? silentLogger).child({ component: 'demo-world' });
  const started = performance.now();
  const seed = seedDemo(options);
  const certificate = await loopbackCertificate();
  const netbird = await startNetBirdSim({
    state: seed.netbird,
    logger,
    ...(options.netbirdSpecPath ? { specPath: options.netbirdSpecPath } : {}),
  });
  let graph;
  try {
    graph = await startGraphSim({
      state: seed.graph,
      logger,
      certificate,
      ...(options.graphPageSize ? { pageSize: options.graphPageSize } : {}),
    });
  } catch (err) {
    await netbird.stop();
    throw err;
  }
  const { itEngineer, manager, someoneElse, leaver } = seed.org.roles;
  const joiner = pendingJoinerOf(seed.org);
  const env: Record<string, string> = {
    ...seed.settings,
    NETBIRD_API_URL: netbird.url,
    GRAPH_BASE_URL: graph.url,
    GRAPH_AUTHORITY_HOST: graph.authorityHost,
  };
  logger.info('demo world started', {
    users: seed.org.people.length,
    peers: seed.netbird.peers.size,
    netbird: netbird.url,
    graph: graph.url,
    ms: Math.round(performance.now() - started),
  });
  return {
    env,
    caCert: certificate.cert,
    netbird: { url: netbird.url, state: seed.netbird },
    graph: { url: graph.url, authorityHost: graph.authorityHost, state: seed.graph },
    people: {
      itEngineer: person(itEngineer),
      manager: person(manager),
      someoneElse: person(someoneElse),
      leaver: person(leaver),
      ...(joiner ? { joiner: person(joiner) } : {}),
    },
    controls: createControls({
      graph: seed.graph,
      netbird: seed.netbird,
      admin: person(itEngineer),
      now: () => new Date(),
      logger,
    }),
    stop: async () => {
      await Promise.all([netbird.stop(), graph.stop()]);
      logger.info('demo world stopped');
    },
  };
}
