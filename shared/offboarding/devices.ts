/**
 * Which NetBird peers belong to a leaver when only Entra device names are known (the diagnostics
 * and the old tests use it): SSO peers by `user_id`, setup-key machine peers whose hostname matches
 * one of the names, ignoring case. Offboarding itself weighs every source: attribution/gather.ts.
 * Pure.
 */
import type { NetBirdPeer } from '../netbird/index.js';
import { attribute } from './attribution/attribute.js';
import type { Device } from './model.js';

export function matchDevices(
  peers: readonly NetBirdPeer[],
  netbirdUserId: string | undefined,
  entraDeviceNames: readonly string[],
): Device[] {
  const names = [...new Set(entraDeviceNames.map((n) => n.trim()).filter(Boolean))];
  const claims = names.map((n) => ({
    hostname: n.toLowerCase(),
    source: 'entra' as const,
    detail: `hostname matches Entra device ${n}`,
  }));
  return attribute({ peers, netbirdUserId, claims, at: new Date(0).toISOString() }).map(({ evidence: _e, ...d }) => d);
}
