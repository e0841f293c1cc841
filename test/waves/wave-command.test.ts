import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_NOW, GROUPS, peer, seedNetwork } from '../fixtures/network.js';
import { expectValidCard } from '../support/cards.js';
import { graphFake } from '../bot/support/graph.js';
import { useBotWorld } from '../bot/support/harness.js';
import { channelMessage, IVY, SAM } from '../bot/support/teams.js';
import { fakeGraph, fakeNetBird, netbirdUser, type EntraUser, type FakeNetBird } from './world.js';

const GROUP_ID = '55555555-5555-4555-8555-555555555555';
const WAVES = [
  {
    name: 'Pilot 1',
    members: { entraGroupId: GROUP_ID },
    plannedStart: '2026-11-01',
    requiredGroups: ['General Users'],
  },
  { name: 'Engineers first', members: { netbirdGroup: 'Engineers' }, plannedStart: '2026-12-01' },
];
type Card = Record<string, unknown>;
const cardOf = (activity: Record<string, unknown>) => (activity.attachments as { content: Card }[])[0]!.content;

describe('the wave command', () => {
  const world = useBotWorld(
    { WAVES: JSON.stringify(WAVES), MIN_NETBIRD_VERSION: '0.60.0' },
    { now: () => FIXTURE_NOW },
  );
  let netbird: FakeNetBird;

  beforeEach(() => {
    const network = seedNetwork();
    const people: EntraUser[] = [
      { id: 'a2000000-0000-4000-8000-000000000001', displayName: 'Lani Kaleo', userPrincipalName: 'lani@contoso.com' },
      { id: 'a2000000-0000-4000-8000-000000000002', displayName: 'Mele Akana', userPrincipalName: 'mele@contoso.com' },
    ];
    const users = people.map((p) => netbirdUser(p.id, p.displayName));
    network.peers.push(
      peer('peer-lani', 'LANI-PC', [GROUPS.all, GROUPS.users], { user_id: users[0]!.id }),
      peer('peer-mele', 'MELE-PC', [GROUPS.all], { user_id: users[1]!.id, version: '0.55.0' }),
    );
    netbird = fakeNetBird({ network, users });
    // Registered first, so wave reads are answered here; the bot's fake answers the IT-group check.
    fakeGraph({
      groups: { [GROUP_ID]: people },
      devices: {},
      registrations: people.map((p) => ({ id: p.id, userPrincipalName: p.userPrincipalName, isSsprRegistered: true })),
      audits: [],
      reportPageSize: 100,
    });
    graphFake({ itMembers: [IVY.aadObjectId], users: [], devices: {} });
  });

  afterEach(async () => {
    await netbird.expectAllValid();
  });

  it('alone, lists every wave with its status and go/no-go', async () => {
    expect((await world.post(channelMessage('wave'))).status).toBe(200);
    const [reply] = world.messages();
    const card = cardOf(reply!);
    expectValidCard(card);
    expect(String(reply!.text)).toBe(
      '🔴 Pilot 1: NO-GO for the next wave\n🟡 Engineers first: GO WITH CAUTION for the next wave',
    );
    expect(JSON.stringify(card)).toContain('2 users, 2 peers, planned 2026-11-01');
  });

  it("with a name (any case, with spaces), shows that wave's card naming the peers behind each failing check", async () => {
    await world.post(channelMessage('wave pilot 1'));
    const [reply] = world.messages();
    const card = cardOf(reply!);
    expectValidCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('Wave health: Pilot 1');
    expect(text).toContain('NO-GO for the next wave (Engineers first, planned 2026-12-01)');
    expect(text).toContain('Peers: MELE-PC (0.55.0)');
    expect(text).toContain('Peers: MELE-PC (missing General Users)');
    expect(text).toContain('First check of this wave');
  });

  it('names the configured waves when asked for one that does not exist', async () => {
    await world.post(channelMessage('wave Pilot 9'));
    const [reply] = world.messages();
    expect(JSON.stringify(cardOf(reply!))).toContain('No wave named \\"Pilot 9\\". Waves: Pilot 1, Engineers first');
    expect(netbird.total()).toBe(0);
  });

  it('is refused to someone outside the IT group', async () => {
    await world.post(channelMessage('wave', { from: SAM }));
    expect(netbird.total()).toBe(0);
    expect(JSON.stringify(world.messages())).not.toContain('Pilot 1');
  });
});
