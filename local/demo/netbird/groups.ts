/**
 * `/api/groups`: list (`?name=` is an exact match; no such group is a 404), read, create, replace.
 *
 * `PUT` replaces the group wholesale: peers and resources missing from the body are dropped
 * (netbird management/server/http/handlers/groups). The `All` group cannot be changed, names are
 * unique, and every peer and resource named must exist.
 */
import { randomBytes } from 'node:crypto';
import { record } from './audit.js';
import { NetBirdSimError, ok, operation, queryValue, type OperationCall } from './call.js';
import { renderGroup } from './render.js';
import { groupByName, type ResourceRef, type SimGroup } from './state.js';

interface GroupRequest {
  name: string;
  peers?: string[];
  resources?: ResourceRef[];
}

const XID_ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/** A fresh NetBird-style id for something created at run time. */
export function newXid(): string {
  return [...randomBytes(20)].map((b) => XID_ALPHABET[b % 32]).join('');
}

function groupOr404(call: OperationCall): SimGroup {
  const group = call.state.groups.get(call.params.groupId ?? '');
  if (!group) throw new NetBirdSimError(404, `group with ID ${call.params.groupId} not found`);
  return group;
}

export const listGroups = operation((call) => {
  const name = queryValue(call.query, 'name');
  if (name === undefined) return ok([...call.state.groups.values()].map((g) => renderGroup(call.state, g)));
  const group = groupByName(call.state, name);
  if (!group) throw new NetBirdSimError(404, `group with name ${name} not found`);
  return ok([renderGroup(call.state, group)]);
});

export const getGroup = operation((call) => ok(renderGroup(call.state, groupOr404(call))));

function checkRequest(call: OperationCall, request: GroupRequest, self?: SimGroup): void {
  if (request.name.trim() === '') throw new NetBirdSimError(422, "group name shouldn't be empty");
  const clash = groupByName(call.state, request.name);
  if (clash && clash !== self) throw new NetBirdSimError(409, `group with name ${request.name} already exists`);
  if (!self && request.name === 'All') throw new NetBirdSimError(422, 'the All group is created by NetBird');
  for (const id of request.peers ?? [])
    if (!call.state.peers.has(id)) throw new NetBirdSimError(422, `peer with ID "${id}" not found`);
  const resourceIds = new Set(call.state.networks.flatMap((n) => n.resources.map((r) => r.id)));
  for (const r of request.resources ?? []) {
    const known = r.type === 'peer' ? call.state.peers.has(r.id) : resourceIds.has(r.id);
    if (!known) throw new NetBirdSimError(422, `resource with ID "${r.id}" not found`);
  }
}

function recordMembership(call: OperationCall, group: SimGroup, before: ReadonlySet<string>): void {
  for (const id of group.peers) if (!before.has(id)) record(call, 'peer.group.add', id, peerMeta(call, group, id));
  for (const id of before) if (!group.peers.has(id)) record(call, 'peer.group.delete', id, peerMeta(call, group, id));
}

function peerMeta(call: OperationCall, group: SimGroup, peerId: string): Record<string, string> {
  const peer = call.state.peers.get(peerId);
  return { group: group.id, group_name: group.name, peer_ip: peer?.ip ?? '', peer_fqdn: peer?.dns_label ?? '' };
}

export const createGroup = operation((call) => {
  const request = call.body as GroupRequest;
  checkRequest(call, request);
  const group: SimGroup = {
    id: newXid(),
    name: request.name,
    issued: 'api',
    peers: new Set(request.peers ?? []),
    resources: [...(request.resources ?? [])],
  };
  call.state.groups.set(group.id, group);
  record(call, 'group.add', group.id, { name: group.name });
  recordMembership(call, group, new Set());
  return ok(renderGroup(call.state, group));
}, 'write');

export const updateGroup = operation((call) => {
  const group = groupOr404(call);
  if (group.name === 'All') throw new NetBirdSimError(405, 'updating group ALL is not allowed');
  const request = call.body as GroupRequest;
  checkRequest(call, request, group);
  const before = new Set(group.peers);
  Object.assign(group, {
    name: request.name,
    peers: new Set(request.peers ?? []),
    resources: [...(request.resources ?? [])],
  });
  record(call, 'group.update', group.id, { name: group.name });
  recordMembership(call, group, before);
  return ok(renderGroup(call.state, group));
}, 'write');
