import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { waveSchema } from '../../shared/config/domain.js';
import { GraphTenantReports } from '../../shared/graph/index.js';
import { NetBirdClient } from '../../shared/netbird/index.js';
import { getServices } from '../../functions/root/services.js';
import type { WaveSettings } from '../../shared/waves/evaluate.js';
import { runWaveHealth, type WaveRunDeps } from '../../shared/waves/run.js';
import { WaveSnapshotStore } from '../../shared/waves/store.js';
import { InvocationContext } from '../../shared/host/azure-functions.js';
import { waveHealthTimer } from '../../functions/wave-health-timer.js';
import { AD_DOMAIN, FIXTURE_NOW, GROUPS, peer, seedNetwork, SITES } from '../fixtures/network.js';
import { makeClient, recordingLogger, staticCredential } from '../graph/support.js';
import { useAppEnv } from '../support/app-env.js';
import { botConnector, nockBotToken, SERVICE_URL, type BotConnectorFake } from '../support/bot-connector.js';
import { expectValidCard } from '../support/cards.js';
import { nockEntraToken } from '../support/entra.js';
import { IT_CHANNEL_ID, TENANT_ID, TEST_SECRETS } from '../support/env.js';
import { DEFAULT_THRESHOLDS, HOUR } from './support.js';
import {
  CONNECTOR_ID,
  fakeGraph,
  fakeNetBird,
  GRAPH_URL,
  NETBIRD_URL,
  netbirdUser,
  type EntraUser,
  type NetBirdState,
} from './world.js';

const GROUP_ID = '44444444-4444-4444-8444-444444444444';
const DAY = 24 * HOUR;

/** A healthy wave: ten users, each with a connected, current SSO laptop in General Users, all registered for SSPR. */
function healthyWorld(): NetBirdState & { people: EntraUser[] } {
  const network = seedNetwork();
  const people: EntraUser[] = Array.from({ length: 10 }, (_, i) => ({
    id: `a1000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    displayName: `Wave User ${i}`,
    userPrincipalName: `wave${i}@contoso.com`,
  }));
  const users = people.map((p) => netbirdUser(p.id, p.displayName));
  users.forEach((u, i) =>
    network.peers.push(peer(`peer-w${i}`, `WAVE-LAPTOP-${i}`, [GROUPS.all, GROUPS.users], { user_id: u.id })),
  );
  return { network, users, people };
}

function cardText(card: Record<string, unknown>): string {
  return JSON.stringify(card);
}

describe('the timed wave-health run', () => {
  useAppEnv({ TEAMS_SERVICE_URL: SERVICE_URL });
  let connector: BotConnectorFake;
  let world: ReturnType<typeof healthyWorld>;
  let store: WaveSnapshotStore;
  let name: string;

  beforeEach(() => {
    nockEntraToken(TENANT_ID);
    nockBotToken();
    connector = botConnector();
    world = healthyWorld();
    fakeNetBird(world);
    fakeGraph({
      groups: { [GROUP_ID]: world.people },
      devices: {},
      registrations: world.people.map((p) => ({
        id: p.id,
        userPrincipalName: p.userPrincipalName,
        isSsprRegistered: true,
      })),
      audits: [],
      reportPageSize: 100,
    });
    store = WaveSnapshotStore.fromConnectionString(inject('azuriteConnectionString'), {
      prefix: `w${randomUUID().replace(/-/g, '').slice(0, 10)}`,
    });
    name = `Pilot ${randomUUID().slice(0, 8)}`;
  });

  function deps(): WaveRunDeps {
    const { logger } = recordingLogger();
    return {
      netbird: new NetBirdClient({
        baseUrl: NETBIRD_URL,
        token: TEST_SECRETS.NETBIRD_READ_TOKEN,
        logger,
        idp: { mode: 'embedded', connectorId: CONNECTOR_ID },
        maxRetries: 0,
      }),
      graph: makeClient({ baseUrl: GRAPH_URL }).client,
      reports: new GraphTenantReports({ baseUrl: GRAPH_URL, credential: staticCredential(), logger, maxRetries: 0 }),
      logger,
      store,
      notifier: getServices().teams,
    };
  }

  function settings(): WaveSettings {
    return {
      waves: [waveSchema.parse({ name, members: { entraGroupId: GROUP_ID }, requiredGroups: ['General Users'] })],
      thresholds: DEFAULT_THRESHOLDS,
      minNetbirdVersion: '0.60.0',
      sites: SITES,
      adDnsDomain: AD_DOMAIN,
      idp: { mode: 'embedded', connectorId: CONNECTOR_ID },
    };
  }

  it("posts the day's card once, stores a snapshot every run, and sends nothing when nothing changed", async () => {
    const first = await runWaveHealth(deps(), settings(), { now: FIXTURE_NOW });
    expect(first).toEqual([{ wave: name, status: 'green', decision: 'go', card: 'posted' }]);
    expect(connector.activities.map((a) => [a.method, a.conversationId])).toEqual([['POST', IT_CHANNEL_ID]]);
    const [card] = connector.cards();
    expectValidCard(card);
    expect(cardText(card!)).toContain(`Wave health: ${name}`);
    expect(cardText(card!)).toContain('GO: this is the last configured wave');
    expect(cardText(card!)).toContain('First check of this wave');

    const second = await runWaveHealth(deps(), settings(), { now: new Date(FIXTURE_NOW.getTime() + HOUR) });
    expect(second[0]?.card).toBe('unchanged');
    expect(connector.activities).toHaveLength(1);
    expect((await store.history(name)).map((s) => s.takenAt)).toEqual([
      new Date(FIXTURE_NOW.getTime() + HOUR).toISOString(),
      FIXTURE_NOW.toISOString(),
    ]);
  });

  it("updates the day's card in place when a status changes, showing the change since the previous run", async () => {
    await runWaveHealth(deps(), settings(), { now: FIXTURE_NOW });
    const posted = connector.activities[0]!;
    expect(posted.method).toBe('POST');

    // Boulder's only routing peer goes down, and three laptops drop off.
    Object.assign(
      world.network.peers.find((p) => p.id === 'peer-rt-bdr')!,
      { connected: false },
    );
    for (const id of ['peer-w1', 'peer-w2', 'peer-w3'])
      Object.assign(
        world.network.peers.find((p) => p.id === id)!,
        { connected: false },
      );
    const later = new Date(FIXTURE_NOW.getTime() + 2 * HOUR);
    const result = await runWaveHealth(deps(), settings(), { now: later });

    expect(result[0]).toMatchObject({ status: 'red', decision: 'no-go', card: 'updated', reply: 'sent' });
    expect(connector.activities).toHaveLength(3);
    const update = connector.activities[1]!;
    expect(update).toMatchObject({ method: 'PUT', conversationId: IT_CHANNEL_ID, activityId: 'activity-1' });
    const card = connector.cards()[1]!;
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('Since 2026-11-20 12:00 UTC');
    expect(text).toContain('Wave: 🟢 green → 🔴 red');
    expect(text).toContain('Connected now: 🟢 → 🔴 100% → 70%');
    expect(text).toContain('Peers: WAVE-LAPTOP-1');
    expect(text).toContain('rt-boulder-1 (Boulder');

    // The same state an hour later: the card already says so.
    expect((await runWaveHealth(deps(), settings(), { now: new Date(later.getTime() + HOUR) }))[0]?.card).toBe(
      'unchanged',
    );
    expect(connector.activities).toHaveLength(3);
  });

  it("replies in the day's card thread when go flips to no-go and back, and still updates the card", async () => {
    await runWaveHealth(deps(), settings(), { now: FIXTURE_NOW });
    const thread = `${IT_CHANNEL_ID};messageid=activity-1`;

    Object.assign(
      world.network.peers.find((p) => p.id === 'peer-rt-bdr')!,
      { connected: false },
    );
    const down = await runWaveHealth(deps(), settings(), { now: new Date(FIXTURE_NOW.getTime() + HOUR) });
    expect(down[0]).toMatchObject({ decision: 'no-go', card: 'updated', reply: 'sent' });
    // The card is updated first, then the reply goes into its thread (a new post there, not an edit).
    expect(connector.activities.map((a) => [a.method, a.conversationId])).toEqual([
      ['POST', IT_CHANNEL_ID],
      ['PUT', IT_CHANNEL_ID],
      ['POST', thread],
    ]);
    expect(connector.activities[1]!.activityId).toBe('activity-1');
    const reply = connector.activities[2]!.activity;
    expect(reply.conversation).toMatchObject({ id: thread });
    const replyCard = connector.cards()[2]!;
    expectValidCard(replyCard);
    expect(cardText(replyCard)).toContain(`${name}: GO → NO-GO for the next wave`);
    expect(cardText(replyCard)).toContain('🟢 green → 🔴 red');
    expect(cardText(replyCard)).toContain('Not green: 🔴 ');
    expect(String(reply.text)).toContain('GO → NO-GO');

    Object.assign(
      world.network.peers.find((p) => p.id === 'peer-rt-bdr')!,
      { connected: true },
    );
    const up = await runWaveHealth(deps(), settings(), { now: new Date(FIXTURE_NOW.getTime() + 2 * HOUR) });
    expect(up[0]).toMatchObject({ decision: 'go', card: 'updated', reply: 'sent' });
    expect(connector.activities.slice(3).map((a) => [a.method, a.conversationId])).toEqual([
      ['PUT', IT_CHANNEL_ID],
      ['POST', thread],
    ]);
    expect(cardText(connector.cards()[4]!)).toContain('NO-GO → GO for the next wave');
    expect(cardText(connector.cards()[4]!)).toContain('Every check is green.');
  });

  it('updates the card without a reply when the decision stays on the same side of go/no-go', async () => {
    await runWaveHealth(deps(), settings(), { now: FIXTURE_NOW });
    // Two of ten laptops offline: connected share drops to amber, still a go (with caution).
    for (const id of ['peer-w1', 'peer-w2'])
      Object.assign(
        world.network.peers.find((p) => p.id === id)!,
        { connected: false },
      );
    const result = await runWaveHealth(deps(), settings(), { now: new Date(FIXTURE_NOW.getTime() + HOUR) });
    expect(result[0]).toMatchObject({ status: 'amber', decision: 'go-with-caution', card: 'updated' });
    expect(result[0]?.reply).toBeUndefined();
    expect(connector.activities.map((a) => a.method)).toEqual(['POST', 'PUT']);
  });

  it('still updates the card when the reply cannot be sent, and says so', async () => {
    await runWaveHealth(deps(), settings(), { now: FIXTURE_NOW });
    connector.refuse(`${IT_CHANNEL_ID};messageid=activity-1`);
    Object.assign(
      world.network.peers.find((p) => p.id === 'peer-rt-bdr')!,
      { connected: false },
    );
    const result = await runWaveHealth(deps(), settings(), { now: new Date(FIXTURE_NOW.getTime() + HOUR) });
    expect(result[0]).toMatchObject({ decision: 'no-go', card: 'updated', reply: 'failed' });
    expect(connector.activities.map((a) => a.method)).toEqual(['POST', 'PUT']);
    expect((await store.dayCard(name, '2026-11-20'))?.signature).toContain('red');
  });

  it("posts a new card the next day, compared with yesterday's last snapshot", async () => {
    await runWaveHealth(deps(), settings(), { now: FIXTURE_NOW });
    const next = await runWaveHealth(deps(), settings(), { now: new Date(FIXTURE_NOW.getTime() + DAY) });
    expect(next[0]?.card).toBe('posted');
    expect(connector.activities.map((a) => a.method)).toEqual(['POST', 'POST']);
    expect(cardText(connector.cards()[1]!)).toContain('No change since 2026-11-20 12:00 UTC');
  });

  it("records a failed send and keeps no day's card, so the next run posts it", async () => {
    connector.refuse(IT_CHANNEL_ID);
    const failed = await runWaveHealth(deps(), settings(), { now: FIXTURE_NOW });
    expect(failed[0]).toMatchObject({ card: 'failed', error: 'Posting to the IT channel failed' });
    expect(await store.latest(name)).toBeDefined();
    expect(await store.dayCard(name, '2026-11-20')).toBeUndefined();
  });
});

describe('the waveHealth timer function', () => {
  const wave = `Timer wave ${randomUUID().slice(0, 8)}`;
  useAppEnv({
    TEAMS_SERVICE_URL: SERVICE_URL,
    WAVES: JSON.stringify([{ name: wave, members: { entraGroupId: GROUP_ID }, requiredGroups: ['General Users'] }]),
  });

  it('evaluates the configured waves and posts the card to the IT channel', async () => {
    nockEntraToken(TENANT_ID);
    nockBotToken();
    const connector = botConnector();
    const world = healthyWorld();
    fakeNetBird(world);
    fakeGraph({
      groups: { [GROUP_ID]: world.people },
      devices: {},
      registrations: [],
      audits: [],
      reportPageSize: 100,
    });
    const logs: string[] = [];

    await waveHealthTimer.handler(
      { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '', lastUpdated: '' } },
      new InvocationContext({
        functionName: 'waveHealth',
        logHandler: (level, ...args) => logs.push(`${level}: ${args.map(String).join(' ')}`),
      }),
    );
    expect(logs.some((l) => l.startsWith('information: wave health') && l.includes('"card":"posted"'))).toBe(true);

    expect(connector.activities.map((a) => [a.method, a.conversationId])).toEqual([['POST', IT_CHANNEL_ID]]);
    const text = cardText(connector.cards()[0]!);
    expect(text).toContain(`Wave health: ${wave}`);
    expect(text).toContain('SSPR registration'); // nobody has a registration record in this world
    const stored = await WaveSnapshotStore.fromConnectionString(getServices().storageConnectionString).latest(wave);
    expect(stored?.checks.find((c) => c.id === 'sspr-registration')?.status).toBe('red');
    const sent = JSON.stringify(connector.activities) + logs.join('\n');
    for (const secret of Object.values(TEST_SECRETS)) expect(sent).not.toContain(secret);
  });
});
