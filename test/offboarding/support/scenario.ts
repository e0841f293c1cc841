/**
 * A leaver and the people around them, put into the NetBird and Graph fakes (no test-runner
 * imports, so the bench uses it too): the leaver (disabled in Entra) with a NetBird user (embedded
 * id), an SSO peer and a setup-key laptop `HNL-LT-xxxx` in General Users, Engineers and Laptops; a
 * colleague's laptop; the manager (who has the app installed unless told otherwise); an IT
 * approver; and someone who is neither. Groups and policies follow the seed's design.
 */
import { randomUUID } from 'node:crypto';
import { encodeDexUserId } from '../../../shared/netbird/ids.js';
import type { NetBirdPeer, NetBirdPolicy, NetBirdUser } from '../../../shared/netbird/index.js';
import { ConversationRefs } from '../../../shared/teams/conversation-refs.js';
import { SERVICE_URL } from '../../support/bot-connector.js';
import { TENANT_ID, validEnv } from '../../support/env.js';
import type { FakeUser, GraphFake } from './graph-fake.js';
import type { FakeGroup, NetBirdFake } from './netbird-fake.js';

export const CONNECTOR_ID = 'entra';
export const APP_ID = validEnv().MicrosoftAppId!;

export interface Scenario {
  leaver: FakeUser;
  manager: FakeUser;
  approver: FakeUser;
  stranger: FakeUser;
  netbirdUserId: string;
  ssoPeer: string;
  laptop: string;
  otherLaptop: string;
  laptopName: string;
}

export interface ScenarioOptions {
  /** The manager has the app installed (a 1:1 chat is possible). Default true. */
  installed?: boolean;
  /** The leaver's account is still enabled in Entra. Default false. */
  enabled?: boolean;
  /** The leaver has a NetBird user. Default true. */
  netbirdAccount?: boolean;
  /**
   * What ties the laptop to the leaver (DESIGN.md §5b). Default `['entra']`: a cloud-joined laptop
   * with a registered owner, as before. Without `entra` the laptop is hybrid joined: no owner.
   * `intune`: the leaver is its Intune primary user; `sign-in`: the leaver signed in on it;
   * `sso-peer`: the leaver's SSO peer runs on it (same hostname).
   */
  evidence?: ('entra' | 'intune' | 'sign-in' | 'sso-peer')[];
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

function peer(id: string, name: string, userId: string, over: Partial<NetBirdPeer> = {}): Omit<NetBirdPeer, 'groups'> {
  return {
    id,
    name,
    hostname: name,
    ip: `100.90.0.${(id.length * 7) % 250}`,
    connection_ip: '203.0.113.7',
    connected: false,
    last_seen: ago(3_600_000),
    os: 'Windows 11',
    kernel_version: '10.0.26100',
    geoname_id: 0,
    version: '0.60.2',
    ssh_enabled: false,
    user_id: userId,
    ui_version: 'netbird-desktop-ui/0.60.2',
    dns_label: `${name.toLowerCase()}.netbird.selfhosted`,
    login_expiration_enabled: true,
    login_expired: false,
    inactivity_expiration_enabled: false,
    approval_required: false,
    country_code: '',
    city_name: '',
    serial_number: '',
    extra_dns_labels: [],
    ephemeral: false,
    created_at: ago(30 * 86_400_000),
    ...over,
  } as Omit<NetBirdPeer, 'groups'>;
}

function nbUser(id: string, email: string, name: string, over: Partial<NetBirdUser> = {}): NetBirdUser {
  return {
    id,
    email,
    name,
    role: 'user',
    status: 'active',
    last_login: ago(86_400_000),
    auto_groups: ['grp-users'],
    is_current: false,
    is_service_user: false,
    is_blocked: false,
    pending_approval: false,
    issued: 'api',
    ...over,
  };
}

const min = (id: string, name: string) => ({ id, name, peers_count: 0, resources_count: 0 });

export function policies(): NetBirdPolicy[] {
  const rule = (
    id: string,
    src: [string, string][],
    dst: [string, string][],
    protocol: 'tcp' | 'all',
    ports?: string[],
  ) => ({
    id,
    name: id,
    enabled: true,
    action: 'accept' as const,
    bidirectional: false,
    protocol,
    sources: src.map(([i, n]) => min(i, n)),
    destinations: dst.map(([i, n]) => min(i, n)),
    ...(ports ? { ports } : {}),
  });
  return [
    {
      id: 'pol-dc-tcp',
      name: 'General Users to DCs (TCP)',
      enabled: true,
      source_posture_checks: [],
      rules: [
        rule('dc-tcp', [['grp-users', 'General Users']], [['grp-dcs', 'Domain Controllers']], 'tcp', [
          '53',
          '88',
          '389',
          '445',
        ]),
      ],
    },
    {
      id: 'pol-eng',
      name: 'Engineers to LAN',
      enabled: true,
      source_posture_checks: [],
      rules: [rule('eng-lan', [['grp-eng', 'Engineers']], [['grp-lan', 'Full LAN']], 'all')],
    },
    {
      id: 'pol-default',
      name: 'Default',
      enabled: false,
      source_posture_checks: [],
      rules: [rule('default', [['grp-all', 'All']], [['grp-all', 'All']], 'all')],
    },
  ] as NetBirdPolicy[];
}

/** Adds peers to a group, creating the group (and, once, the policies) if the world lacks it. */
function join(
  netbird: NetBirdFake,
  id: string,
  name: string,
  peers: string[],
  resources: FakeGroup['resources'] = [],
): void {
  const nb = netbird.world;
  if (nb.policies.length === 0) nb.policies.push(...policies());
  const g = nb.groups.find((x) => x.id === id);
  if (g) g.peers.push(...peers.filter((p) => !g.peers.includes(p)));
  else nb.groups.push({ id, name, peers: [...peers], resources });
}

export { peer as scenarioPeer, nbUser as scenarioNetbirdUser };

export async function addScenario(
  netbird: NetBirdFake,
  graph: GraphFake,
  connectionString: string,
  opts: ScenarioOptions = {},
): Promise<Scenario> {
  const tag = randomUUID().slice(0, 4).toUpperCase();
  const person = (name: string, over: Partial<FakeUser> = {}): FakeUser => {
    const id = randomUUID();
    return graph.add({
      id,
      displayName: name,
      userPrincipalName: `${name.split(' ')[0]!.toLowerCase()}.${id.slice(0, 6)}@contoso.com`,
      accountEnabled: true,
      ...over,
    });
  };
  const manager = person('Sara Davis');
  const approver = person('Ivy Kealoha');
  const stranger = person('Sam Sales');
  const laptopName = `HNL-LT-${tag}`;
  const evidence = opts.evidence ?? ['entra'];
  const leaver = person('Alice Kahananui', {
    accountEnabled: opts.enabled ?? false,
    managerId: manager.id,
    devices: evidence.includes('entra') ? [laptopName, "Alice's iPhone"] : ["Alice's iPhone"],
    ...(evidence.includes('intune') ? { managed: [laptopName] } : {}),
    ...(evidence.includes('sign-in') ? { signIns: [laptopName, laptopName, 'alice-macbook'] } : {}),
  });
  graph.world.approvers.push(approver.id);

  const netbirdUserId = encodeDexUserId({ userId: leaver.id, connectorId: CONNECTOR_ID });
  const ssoPeer = `peer-sso-${tag}`;
  const laptop = `peer-lt-${tag}`;
  const otherLaptop = `peer-other-${tag}`;
  const nb = netbird.world;
  nb.users.push(
    nbUser(
      encodeDexUserId({ userId: approver.id, connectorId: CONNECTOR_ID }),
      approver.userPrincipalName,
      approver.displayName,
      { role: 'owner' },
    ),
    nbUser(
      encodeDexUserId({ userId: manager.id, connectorId: CONNECTOR_ID }),
      manager.userPrincipalName,
      manager.displayName,
    ),
  );
  if (!nb.users.some((u) => u.is_service_user))
    nb.users.push(
      nbUser('svc-entra-ops', '', 'netbird-entra-ops', { is_service_user: true, role: 'admin', auto_groups: [] }),
    );
  if (opts.netbirdAccount !== false)
    nb.users.push(
      nbUser(netbirdUserId, leaver.userPrincipalName, leaver.displayName, { auto_groups: ['grp-users', 'grp-eng'] }),
    );
  nb.peers.push(
    evidence.includes('sso-peer')
      ? peer(ssoPeer, `${laptopName}-sso`, opts.netbirdAccount === false ? '' : netbirdUserId, {
          hostname: laptopName,
          connected: true,
        })
      : peer(ssoPeer, `alice-macbook-${tag.toLowerCase()}`, opts.netbirdAccount === false ? '' : netbirdUserId, {
          os: 'Darwin',
          kernel_version: '23.4.0',
          connected: true,
        }),
    peer(laptop, laptopName, ''),
    peer(otherLaptop, `BDR-LT-${tag}`, ''),
  );
  join(netbird, 'grp-all', 'All', [ssoPeer, laptop, otherLaptop]);
  join(netbird, 'grp-users', 'General Users', [ssoPeer, laptop, otherLaptop]);
  join(netbird, 'grp-eng', 'Engineers', [laptop]);
  join(netbird, 'grp-laptops', 'Laptops', [laptop, otherLaptop]);
  join(netbird, 'grp-dcs', 'Domain Controllers', [], [{ id: 'res-dcs', type: 'subnet' }]);
  join(netbird, 'grp-lan', 'Full LAN', [], [{ id: 'res-lan', type: 'subnet' }]);
  if (opts.installed !== false) await installFor(connectionString, manager);
  return { leaver, manager, approver, stranger, netbirdUserId, ssoPeer, laptop, otherLaptop, laptopName };
}

export const personalConversation = (u: { id: string }) => `a:1personal-${u.id}`;

/** The bot is installed for `user`: a personal conversation reference is stored. */
export async function installFor(connectionString: string, user: FakeUser): Promise<void> {
  await new ConversationRefs(connectionString).save({
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    conversation: { id: personalConversation(user), conversationType: 'personal', tenantId: TENANT_ID },
    bot: { id: `28:${APP_ID}`, name: 'Entra Ops' },
    user: { id: `29:1${user.id.replace(/-/g, '').slice(0, 20)}`, name: user.displayName, aadObjectId: user.id },
  });
}

/** The Graph notification Graph would send for `userId`, as in ../shared/graph/samples/. */
export function notificationBody(
  userId: string,
  subscriptionId: string,
  clientState: string,
  changeType: 'updated' | 'deleted' = 'updated',
) {
  return {
    value: [
      {
        changeType,
        clientState,
        resource: `Users/${userId}`,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.User',
          '@odata.id': `Users/${userId}`,
          id: userId,
          organizationId: TENANT_ID,
          eventTime: new Date().toISOString(),
          sequenceNumber: '1',
        },
        subscriptionExpirationDateTime: new Date(Date.now() + 86_400_000).toISOString(),
        subscriptionId,
        tenantId: TENANT_ID,
      },
    ],
  };
}
