/**
 * `/api/peers`: list (the `name` filter is NetBird's SQL `LIKE '%x%'` on the peer name, `ip`
 * exact), read one, delete one. Deleting a peer takes it out of every group.
 */
import { record } from './audit.js';
import { NetBirdSimError, ok, operation, queryValue, type Call } from './call.js';
import { renderPeer, renderPeerList } from './render.js';
import type { SimPeer } from './state.js';

export const listPeers = operation((call) => {
  const name = queryValue(call.query, 'name')?.toLowerCase();
  const ip = queryValue(call.query, 'ip');
  const peers = [...call.state.peers.values()].filter(
    (p) => (name === undefined || p.name.toLowerCase().includes(name)) && (ip === undefined || p.ip === ip),
  );
  return ok(renderPeerList(call.state, peers));
});

function peerOr404(call: Call, peerId: string): SimPeer {
  const peer = call.state.peers.get(peerId);
  if (!peer) throw new NetBirdSimError(404, `peer with ID ${peerId} not found`);
  return peer;
}

export const getPeer = operation((call) => ok(renderPeer(call.state, peerOr404(call, call.params.peerId ?? ''))));

/** Removes a peer from the account and from every group it was in; recorded as NetBird does. */
export function removePeer(call: Call, peerId: string): void {
  const peer = peerOr404(call, peerId);
  for (const group of call.state.groups.values()) group.peers.delete(peerId);
  call.state.peers.delete(peerId);
  record(call, 'user.peer.delete', peerId, {
    name: peer.name,
    fqdn: peer.dns_label,
    ip: peer.ip,
    created_at: peer.created_at,
  });
}

export const deletePeer = operation((call) => {
  removePeer(call, call.params.peerId ?? '');
  return ok({});
}, 'write');
