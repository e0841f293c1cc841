/** Small text helpers shared by the checks: percentages, peer labels, plurals. */
import { relativeTime } from '../domain/dc-access/index.js';
import type { NetBirdPeer } from '../netbird/index.js';

/** 0.925 → "93%" (never rounds a shortfall up to 100%). */
export function percent(share: number): string {
  const p = Math.round(share * 100);
  return `${p === 100 && share < 1 ? 99 : p}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function peerName(peer: Pick<NetBirdPeer, 'name' | 'hostname' | 'id'>): string {
  return peer.name || peer.hostname || peer.id;
}

/** "last seen 3 days ago", or "never seen" when NetBird has no usable time. */
export function lastSeen(peer: Pick<NetBirdPeer, 'last_seen'>, now: Date): string {
  const at = Date.parse(peer.last_seen);
  if (!Number.isFinite(at) || at <= 0) return 'never seen';
  return `last seen ${relativeTime(Math.max(0, now.getTime() - at))} ago`;
}

export function byName<T>(label: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => label(a).localeCompare(label(b));
}
