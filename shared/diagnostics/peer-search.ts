/**
 * What kind of peer this is. Finding peers by what IT types is shared/netbird/peer-lookup.ts
 * (NetBird's server-side filters, not the whole peer list).
 */
import type { NetBirdPeer } from '../netbird/index.js';

/** A setup-key peer has no user: the Windows SYSTEM service tunnel that is up at the login screen. */
export function isMachinePeer(peer: Pick<NetBirdPeer, 'user_id'>): boolean {
  return !peer.user_id;
}
