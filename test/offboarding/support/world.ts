/**
 * The offboarding test world: a private Azurite for the test file (its queues and the blast-radius
 * window are shared state that tests in other files must not see), app settings pointing at it and
 * at the fakes, the Entra and Bot Framework token endpoints, a stateful NetBird and Graph, and a Bot
 * Connector that records every activity. `scenario()` builds a leaver with an SSO peer and a
 * setup-key laptop, a manager who has the app installed, and an IT approver.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startAzurite, type RunningAzurite } from '../../../local/azurite.js';
import { offboardingContext, type OffboardingContext } from '../../../shared/offboarding/context.js';
import { resetBurstWindow } from '../../../shared/offboarding/blast-radius.js';
import { offboardingStorage } from '../../../shared/offboarding/storage.js';
import { getServices } from '../../../functions/root/services.js';
import { useAppEnv } from '../../support/app-env.js';
import { botConnector, nockBotToken, SERVICE_URL, type BotConnectorFake } from '../../support/bot-connector.js';
import { nockEntraToken } from '../../support/entra.js';
import { TENANT_ID } from '../../support/env.js';
import { requestProblems } from '../../netbird/spec-validator.js';
import { graphFake, type GraphFake } from './graph-fake.js';
import { netbirdFake, type NetBirdFake } from './netbird-fake.js';
import { addScenario, type Scenario, type ScenarioOptions } from './scenario.js';

export { APP_ID, installFor, notificationBody, personalConversation, type Scenario } from './scenario.js';

export interface World {
  azurite: RunningAzurite;
  netbird: NetBirdFake;
  graph: GraphFake;
  bot: BotConnectorFake;
  ctx(): OffboardingContext;
  connectionString(): string;
}

/** Registers the hooks; the returned object's fields are fresh in each test. */
export function useOffboardingWorld(overrides: Record<string, string | undefined> = {}): World {
  const w = {} as World;
  beforeAll(async () => {
    w.azurite = await startAzurite();
  }, 60_000);
  afterAll(async () => {
    await w.azurite?.stop();
  });
  useAppEnv({
    get AzureWebJobsStorage() {
      return w.azurite.connectionString;
    },
    TEAMS_SERVICE_URL: SERVICE_URL,
    BLAST_RADIUS_MAX_SHARE: '1',
    LOG_LEVEL: 'warn',
    ...overrides,
  });
  beforeEach(async () => {
    nockEntraToken(TENANT_ID);
    nockBotToken();
    w.bot = botConnector(SERVICE_URL);
    w.netbird = netbirdFake({ users: [], peers: [], groups: [], policies: [] });
    w.graph = graphFake({ users: [], approvers: [], subscriptions: [] });
    w.ctx = () => offboardingContext(getServices());
    w.connectionString = () => w.azurite.connectionString;
    // The blast-radius window is per storage account: each test starts with an empty one.
    await resetBurstWindow(offboardingStorage(w.azurite.connectionString));
  });
  afterEach(async () => {
    w.netbird.recorder.dispose();
    await expectConformingNetbird(w.netbird);
  });
  return w;
}

/** A stored subscription (as the subscriptions timer would have created it); returns its clientState. */
export async function storeSubscription(
  w: World,
  id = randomUUID(),
  clientState = `cs-${randomUUID()}`,
): Promise<{ id: string; clientState: string }> {
  const now = new Date().toISOString();
  await offboardingStorage(w.connectionString()).subscriptions.upsert('subscriptions', id, {
    id,
    resource: 'users',
    changeType: 'updated,deleted',
    clientState,
    expirationDateTime: new Date(Date.now() + 20 * 86_400_000).toISOString(),
    notificationUrl: 'https://entra-ops.contoso.com/api/graph/notifications?code=k',
    lifecycleNotificationUrl: 'https://entra-ops.contoso.com/api/graph/lifecycle?code=k',
    createdAt: now,
    updatedAt: now,
  });
  return { id, clientState };
}

export function expectNoNetbirdWrites(w: World): void {
  expect(w.netbird.writes().map((r) => `${r.method} ${r.path}`)).toEqual([]);
}

/** Every NetBird request conforms to the spec, and nothing but loopback (Azurite) went unmatched. */
export async function expectConformingNetbird(netbird: NetBirdFake): Promise<void> {
  const problems = netbird.recorder.unmatched
    .filter((u) => !/^\w+ https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(u))
    .map((u) => `${u}: matched no nock interceptor`);
  for (const r of netbird.recorder.requests) problems.push(...(await requestProblems(r)));
  expect(problems).toEqual([]);
}

/** A leaver and the people around them (see scenario.ts), in this test's fakes and storage. */
export function scenario(w: World, opts: ScenarioOptions = {}): Promise<Scenario> {
  return addScenario(w.netbird, w.graph, w.connectionString(), opts);
}
