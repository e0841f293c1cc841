/**
 * Which NetBird peers belong to a leaver (DESIGN.md §2): the SSO peers the user enrolled (their
 * `user_id` is the NetBird user), and the setup-key machine peers (empty `user_id`) whose hostname
 * matches one of the user's Entra registered or owned devices, ignoring case. Pure.
 */
import { hostnameMatches } from '../netbird/index.js';
import type { NetBirdPeer } from '../netbird/index.js';
import type { Device } from './model.js';

export function matchDevices(peers: readonly NetBirdPeer[], netbirdUserId: string | undefined, entraDeviceNames: readonly string[]): Device[] {
  const names = [...new Set(entraDeviceNames.map((n) => n.trim()).filter(Boolean))];
  const out: Device[] = [];
  for (const peer of peers) {
    if (netbirdUserId && peer.user_id === netbirdUserId) {
      out.push(toDevice(peer, 'sso', 'enrolled by the user (user_id)'));
      continue;
    }
    if (peer.user_id) continue; // another person's SSO peer
    const entra = names.find((n) => hostnameMatches(peer, n.toLowerCase()));
    if (entra) out.push(toDevice(peer, 'machine', `hostname matches Entra device ${entra}`));
  }
  return out.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}

function toDevice(peer: NetBirdPeer, kind: Device['kind'], matchedBy: string): Device {
  return {
    peerId: peer.id,
    name: peer.name || peer.hostname,
    hostname: peer.hostname,
    os: [peer.os, peer.kernel_version].filter(Boolean).join(' ') || 'unknown',
    ...(peer.last_seen ? { lastSeen: peer.last_seen } : {}),
    connected: peer.connected,
    kind,
    matchedBy,
    groups: (peer.groups ?? []).map((g) => ({ id: g.id, name: g.name })),
  };
}
