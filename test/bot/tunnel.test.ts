import { afterEach, describe, expect, it } from 'vitest';
import type { NetworkSnapshot } from '../../shared/domain/dc-access/index.js';
import { expectValidCard } from '../support/cards.js';
import { FIXTURE_NOW, GROUPS, peer, seedNetwork } from '../fixtures/network.js';
import { graphFake } from './support/graph.js';
import { useBotWorld } from './support/harness.js';
import { netbirdFake, type NetBirdFake } from './support/netbird.js';
import { ALICE, ALICE_DEVICES, ALICE_NB, IVY_USER } from './support/people.js';
import { cardAction, channelMessage, IVY, personalMessage } from './support/teams.js';
import { cardOf, linesOf, type Card } from './support/card-text.js';

describe('tunnel through the bot', () => {
  const world = useBotWorld({}, { now: () => FIXTURE_NOW });
  let net: NetworkSnapshot;
  let nb: NetBirdFake;

  const setup = (change: (n: NetworkSnapshot) => void = () => undefined) => {
    net = seedNetwork();
    change(net);
    nb = netbirdFake(
      () => net,
      () => [ALICE_NB],
    );
    graphFake({ itMembers: [IVY.aadObjectId], users: [ALICE, IVY_USER], devices: ALICE_DEVICES });
  };
  const tunnel = async (text: string) => {
    const before = world.messages().length;
    const res = await world.post(channelMessage(text));
    expect(res.status).toBe(200);
    const replies = world.messages();
    expect(replies).toHaveLength(before + 1);
    const card = cardOf(replies.at(-1)!);
    expectValidCard(card);
    return { card, lines: linesOf(card), text: String(replies.at(-1)!.text) };
  };

  afterEach(async () => {
    await nb.expectAllValid();
  });

  it('says OK when routing, every AD port and the AD match domain are in place, with the peer facts', async () => {
    setup();
    const { lines, text } = await tunnel('tunnel LAPTOP-42');
    expect(lines).toContain('DC line of sight: OK');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Connected: yes (to the management server)',
        'Last seen: 1 minute ago (2026-11-20 11:59 UTC)',
        'NetBird version: 0.60.2',
        'OS: Windows 11 (build 10.0.26100)',
        'Login expiry: off (setup-key peer: the machine tunnel does not expire)',
        'Groups: All, General Users',
        'Honolulu: routing peers: rt-honolulu-1 connected via network "Honolulu". Ports: all AD ports open (General Users to DCs (RPC dynamic), General Users to DCs (TCP), General Users to DCs (UDP)).',
        'Boulder: routing peers: rt-boulder-1 connected via network "Boulder". Ports: all AD ports open (General Users to DCs (RPC dynamic), General Users to DCs (TCP), General Users to DCs (UDP)).',
        'AD DNS: OK: corp.contoso.com resolves through nameserver group "AD DNS"',
        'Default All→All: disabled or removed',
      ]),
    );
    expect(lines.at(-1)).toBe(
      '"Connected" means connected to the NetBird management server, not a proven WireGuard tunnel to a DC.',
    );
    expect(text).toMatch(/^Tunnel: LAPTOP-42\nLAPTOP-42: DC line of sight: OK$/);
    // The laptop by NetBird's own name filter (as typed and in lower case), then the DC context:
    // policies, networks with routers and resources, routes, DNS, the routing groups and their peers.
    expect([...nb.urls].sort()).toEqual([
      'GET /api/dns/nameservers',
      'GET /api/groups/grp-rt-bdr',
      'GET /api/groups/grp-rt-hnl',
      'GET /api/networks',
      'GET /api/networks/net-bdr/resources',
      'GET /api/networks/net-bdr/routers',
      'GET /api/networks/net-hnl/resources',
      'GET /api/networks/net-hnl/routers',
      'GET /api/peers/peer-rt-bdr',
      'GET /api/peers/peer-rt-hnl',
      'GET /api/peers?name=LAPTOP-42',
      'GET /api/peers?name=laptop-42',
      'GET /api/policies',
      'GET /api/routes',
    ]);
  });

  it('never lists every peer or every group for one device, whichever way it is named or picked', async () => {
    setup((n) => {
      n.peers.push(
        peer('peer-laptop-43', 'LAPTOP-43', [GROUPS.all, GROUPS.users], {
          connected: false,
          last_seen: '2026-11-18T12:00:00Z',
        }),
      );
      Object.assign(
        n.peers.find((p) => p.name === 'LAPTOP-42')!,
        { hostname: 'laptop-42.corp.contoso.com', ip: '100.90.0.42' },
      );
    });
    const unfiltered = () => nb.urls.filter((u) => u === 'GET /api/peers' || u === 'GET /api/groups');
    const laptop42 = net.peers.find((p) => p.name === 'LAPTOP-42')!;
    expect((await tunnel('tunnel laptop-42')).lines[0]).toBe('Tunnel: LAPTOP-42');
    expect((await tunnel(`tunnel ${laptop42.ip}`)).lines[0]).toBe('Tunnel: LAPTOP-42');
    expect(nb.urls).toContain(`GET /api/peers?ip=${laptop42.ip}`);
    expect((await tunnel('tunnel laptop-42.corp.contoso.com')).lines[0]).toBe('Tunnel: LAPTOP-42');
    expect((await tunnel('tunnel laptop-4')).lines[0]).toBe('2 peers match "laptop-4"');
    const res = await world.post(cardAction('bot.tunnel', { peerId: 'peer-laptop-43' }, { inChannel: true }));
    expect(linesOf((res.json as { value: Card }).value)[0]).toBe('Tunnel: LAPTOP-43');
    expect(nb.urls).toContain('GET /api/peers/peer-laptop-43');
    expect(nb.urls.filter((u) => u.startsWith('GET /api/peers?name='))).not.toHaveLength(0);
    expect(unfiltered()).toEqual([]);
  });

  it('finds LAPTOP-42 typed in lower case when NetBird compares names with case (Postgres)', async () => {
    net = seedNetwork();
    nb = netbirdFake(
      () => net,
      () => [ALICE_NB],
      { caseSensitiveNames: true },
    );
    graphFake({ itMembers: [IVY.aadObjectId], users: [ALICE, IVY_USER], devices: ALICE_DEVICES });
    const { lines } = await tunnel('tunnel laptop-42');
    expect(lines).toContain('DC line of sight: OK');
    expect(lines).toContain('LAPTOP-42');
    expect(nb.urls.filter((u) => u.startsWith('GET /api/peers?'))).toEqual([
      'GET /api/peers?name=laptop-42',
      'GET /api/peers?name=LAPTOP-42',
    ]);
  });

  it('is at risk when the routing peer at one site is disconnected', async () => {
    setup((n) => {
      const rt = n.peers.find((p) => p.name === 'rt-boulder-1')!;
      rt.connected = false;
      rt.last_seen = new Date(FIXTURE_NOW.getTime() - 2 * 3600_000).toISOString();
    });
    const { lines } = await tunnel('status laptop-42');
    expect(lines).toContain('DC line of sight: at risk');
    expect(lines).toContain('• Boulder: routing peer rt-boulder-1 not connected');
    expect(lines.find((l) => l.startsWith('Boulder:'))).toContain(
      'rt-boulder-1 not connected (last seen 2 hours ago (2026-11-20 10:00 UTC))',
    );
  });

  it('is broken when the DC policies miss TCP 464 and UDP 123, and lists both', async () => {
    setup((n) => {
      for (const p of n.policies)
        for (const r of p.rules) {
          if (r.protocol === 'tcp' && r.ports) r.ports = r.ports.filter((x) => x !== '464');
          if (r.protocol === 'udp' && r.ports) r.ports = r.ports.filter((x) => x !== '123');
        }
    });
    const { lines } = await tunnel('tunnel status LAPTOP-42');
    expect(lines).toContain('DC line of sight: broken');
    expect(lines).toContain('• Honolulu: no enabled policy opens UDP 123 (NTP), TCP 464 (Kerberos password change)');
    expect(lines).toContain('• Boulder: no enabled policy opens UDP 123 (NTP), TCP 464 (Kerberos password change)');
    expect(lines.find((l) => l.startsWith('Honolulu:'))).toContain(
      'Ports: missing UDP 123 (NTP), TCP 464 (Kerberos password change).',
    );
  });

  it('flags the default All→All policy when it is still on', async () => {
    setup((n) => {
      n.policies.find((p) => p.name === 'Default')!.enabled = true;
    });
    const { lines } = await tunnel('tunnel LAPTOP-42');
    expect(lines).toContain('DC line of sight: at risk');
    expect(lines).toContain('Default All→All: STILL ENABLED (Default)');
    expect(lines).toContain('• the default All→All policy is still enabled (Default): every peer reaches everything');
  });

  it('is broken without the AD DNS match domain', async () => {
    setup((n) => {
      n.nameserverGroups = [{ ...n.nameserverGroups[0]!, primary: true, domains: [] }];
    });
    const { lines } = await tunnel('tunnel LAPTOP-42');
    expect(lines).toContain('DC line of sight: broken');
    expect(lines).toContain('• DNS: no nameserver group has the match domain corp.contoso.com');
    expect(lines).toContain('AD DNS: PROBLEM: no nameserver group has the match domain corp.contoso.com');
  });

  it('reports a laptop last seen three days ago', async () => {
    setup((n) => {
      const laptop = n.peers.find((p) => p.name === 'LAPTOP-42')!;
      laptop.connected = false;
      laptop.last_seen = new Date(FIXTURE_NOW.getTime() - 3 * 86_400_000).toISOString();
    });
    const { lines } = await tunnel('tunnel LAPTOP-42');
    expect(lines).toContain('DC line of sight: at risk');
    expect(lines).toContain('• not connected to the management server; last seen 3 days ago');
    expect(lines).toContain('Connected: no');
    expect(lines).toContain('Last seen: 3 days ago (2026-11-17 12:00 UTC)');
  });

  it("finds a user's SSO peer and, through their Entra device, their setup-key machine peer", async () => {
    setup((n) => {
      n.peers.push(
        peer('peer-alice-mac', 'alice-macbook', [GROUPS.all, GROUPS.engineers], {
          user_id: ALICE_NB.id,
          os: 'Darwin 15.1',
          kernel_version: '24.1.0',
          login_expiration_enabled: true,
          last_login: '2026-11-20T08:00:00Z',
        }),
      );
    });
    const { lines } = await tunnel('tunnel alice@contoso.com');
    expect(lines[0]).toBe('Tunnel: Alice Kahananui');
    expect(lines[1]).toBe('alice@contoso.com: 2 peers');
    expect(lines).toContain('LAPTOP-42');
    expect(lines).toContain('Enrolled with: setup key (machine tunnel), matched to Entra device LAPTOP-42');
    expect(lines).toContain('alice-macbook');
    expect(lines).toContain("Enrolled with: SSO (this user's peer)");
    expect(lines).toContain('OS: Darwin 15.1 (kernel 24.1.0)');
    expect(lines).toContain('Login expiry: on; last login 4 hours ago (2026-11-20 08:00 UTC)');
    // Engineers reach the LAN (all ports) but no DNS group is distributed to them beyond All: still OK.
    expect(lines.filter((l) => l.startsWith('DC line of sight'))).toHaveLength(2);
  });

  it("offers a pick list when several peers match, and a click answers with that peer's card", async () => {
    setup((n) => {
      n.peers.push(
        peer('peer-laptop-43', 'LAPTOP-43', [GROUPS.all, GROUPS.users], {
          connected: false,
          last_seen: '2026-11-18T12:00:00Z',
        }),
      );
    });
    const { card, lines } = await tunnel('tunnel laptop-4');
    expect(lines[0]).toBe('2 peers match "laptop-4"');
    expect(lines).toContain('LAPTOP-43');
    const buttons = JSON.stringify(card).match(/"verb":"bot\.tunnel","data":\{"peerId":"[^"]+"\}/g);
    expect(buttons).toEqual([
      '"verb":"bot.tunnel","data":{"peerId":"peer-laptop-42"}',
      '"verb":"bot.tunnel","data":{"peerId":"peer-laptop-43"}',
    ]);

    const res = await world.post(cardAction('bot.tunnel', { peerId: 'peer-laptop-43' }, { inChannel: true }));
    expect(res.status).toBe(200);
    const body = res.json as { statusCode: number; type: string; value: Card };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expectValidCard(body.value);
    const clicked = linesOf(body.value);
    expect(clicked[0]).toBe('Tunnel: LAPTOP-43');
    expect(clicked).toContain('• not connected to the management server; last seen 2 days ago');
  });

  it('says so when nothing matches, after trying the text as a user name', async () => {
    setup();
    const { lines } = await tunnel('tunnel nosuchthing');
    expect(lines[0]).toBe('Nothing found for "nosuchthing"');
  });

  it('answers a usage line when the device is missing', async () => {
    setup();
    const res = await world.post(personalMessage('tunnel'));
    expect(res.status).toBe(200);
    const lines = linesOf(cardOf(world.messages()[0]!));
    expect(lines[0]).toBe('Usage: tunnel <device | user>');
    expect(lines).toContain('Example: tunnel LAPTOP-42');
    expect(nb.calls).toEqual([]);
  });
});
