/**
 * From what IT types to an Entra user, and from the Entra user to their NetBird peers.
 *
 * A user can be given as a UPN or email (`alice@contoso.com`), an object id, or a bare name
 * (`alice`), which is read as `alice@` + the caller's own UPN domain (one extra Graph call).
 * Their peers are of two kinds (DESIGN.md §1, §2):
 * - SSO peers: enrolled by the user's NetBird user (`user_id`), found via `findUserByEntraId`
 *   (embedded-IdP id, legacy id, then email);
 * - setup-key machine peers: empty `user_id`, so only the user's Entra devices (registered or
 *   owned) tie them to the user, by hostname.
 */
import type { GraphDevice, GraphUser } from '../graph/index.js';
import type { NetBirdPeer, NetBirdUser, UserMatchKind } from '../netbird/index.js';
import { hostnameMatches } from '../netbird/index.js';
import type { Services } from '../services.js';
import { UsageError } from '../errors.js';
import { isMachinePeer } from './peer-search.js';
import { isGuid } from '../guid.js';

// A UPN's local part and domain: no spaces, slashes, double quotes, angle brackets or control
// characters. An apostrophe is allowed in the local part (o'brien@contoso.com is a valid Entra
// UPN): the Graph layer percent-encodes it in a path (%27) and doubles it in a $filter value
// (shared/graph/url.ts, odata.ts). The domain is letters, digits, dots and hyphens only.
const UPN = /^[^\s\p{Cc}@/\\"<>]{1,113}@[a-z0-9.-]{1,255}$/iu;
const BARE = /^[a-z0-9._-]{1,113}$/i;

export function looksLikeUser(text: string): boolean {
  return text.includes('@') || isGuid(text);
}

/**
 * The Entra user `text` names, or undefined when Graph has none. Throws a UsageError for text
 * that cannot be a user at all, so nothing odd reaches a Graph URL.
 */
export async function findEntraUser(
  services: Services,
  text: string,
  callerId: string,
): Promise<GraphUser | undefined> {
  const name = await qualifyUser(services, text, callerId);
  return name ? services.graph.getUser(name) : undefined;
}

/**
 * A UPN or object id for what was typed: as it is, or a bare name with the caller's UPN domain
 * (undefined when the caller has none). UsageError for text that cannot name a user.
 */
export async function qualifyUser(services: Services, text: string, callerId: string): Promise<string | undefined> {
  if (isGuid(text) || UPN.test(text)) return text;
  if (!BARE.test(text)) throw new UsageError(`"${text}" is not a user principal name, email or object id`);
  const caller = await services.graph.getUser(callerId);
  const domain = caller?.userPrincipalName?.split('@')[1];
  return domain ? `${text}@${domain}` : undefined;
}

export type PeerRole = 'sso' | 'machine';

export interface UserPeer {
  peer: NetBirdPeer;
  role: PeerRole;
  /** The Entra device whose name matched (machine peers). */
  device?: string;
}

export interface UserPeers {
  netbirdUser: NetBirdUser | undefined;
  matchedBy: UserMatchKind | undefined;
  peers: UserPeer[];
  devices: GraphDevice[];
  /** Things worth saying on the card (no NetBird user, devices without names). */
  notes: string[];
}

/** The user's SSO and machine peers among `peers` (one list, fetched by the caller). */
export async function findUserPeers(
  services: Services,
  user: GraphUser,
  peers: Promise<readonly NetBirdPeer[]>,
): Promise<UserPeers> {
  const [match, devices, all] = await Promise.all([
    services.netbirdRead.findUserByEntraId(user.id, user.mail ?? user.userPrincipalName ?? undefined),
    services.graph.getUserDevices(user.id),
    peers,
  ]);
  const notes: string[] = [];
  const found = new Map<string, UserPeer>();
  if (match) {
    for (const peer of all) if (peer.user_id === match.user.id) found.set(peer.id, { peer, role: 'sso' });
  } else {
    notes.push('No NetBird user for this Entra user: they have never signed in to NetBird with SSO.');
  }
  if (match?.matchedBy === 'email')
    notes.push(
      'The NetBird user was matched by email only (its id is neither the embedded nor the legacy form of the Entra id).',
    );

  let unnamed = 0;
  for (const device of devices) {
    const name = device.displayName?.trim().toLowerCase();
    if (!name) {
      unnamed++;
      continue;
    }
    for (const peer of all) {
      if (!found.has(peer.id) && isMachinePeer(peer) && hostnameMatches(peer, name))
        found.set(peer.id, { peer, role: 'machine', device: device.displayName ?? name });
    }
  }
  if (unnamed)
    notes.push(
      `${unnamed} Entra device${unnamed === 1 ? ' has' : 's have'} no name here (the app may lack Device.Read.All), so machine peers may be missing.`,
    );
  const list = [...found.values()].sort((a, b) =>
    a.role === b.role ? a.peer.name.localeCompare(b.peer.name) : a.role === 'machine' ? -1 : 1,
  );
  return { netbirdUser: match?.user, matchedBy: match?.matchedBy, peers: list, devices, notes };
}
