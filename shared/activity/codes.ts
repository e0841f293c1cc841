/**
 * NetBird audit-log activity codes the feed knows how to describe, and the default set it posts.
 * Codes and messages: the spec's `Event.activity_code` enum (shared/netbird/openapi.yml) and
 * netbirdio/netbird management/server/activity/codes.go. Both spellings of the peer-enrolment
 * codes are listed: the spec says `peer.setupkey.add`/`peer.user.add`, codes.go records
 * `setupkey.peer.add`/`user.peer.add`.
 */

/** What a change is about: the card groups and colours by it. */
export type ActivityArea = 'policy' | 'setup-key' | 'user' | 'network' | 'route' | 'dns' | 'peer' | 'other';

interface KnownCode {
  area: ActivityArea;
  /** What happened, as a short past-tense phrase: "Policy disabled" is decided later from meta. */
  label: string;
}

export const KNOWN_CODES: Readonly<Record<string, KnownCode>> = {
  'policy.add': { area: 'policy', label: 'Policy created' },
  'policy.update': { area: 'policy', label: 'Policy changed' },
  'policy.delete': { area: 'policy', label: 'Policy deleted' },
  'rule.add': { area: 'policy', label: 'Rule created' },
  'rule.update': { area: 'policy', label: 'Rule changed' },
  'rule.delete': { area: 'policy', label: 'Rule deleted' },
  'setupkey.add': { area: 'setup-key', label: 'Setup key created' },
  'setupkey.update': { area: 'setup-key', label: 'Setup key changed' },
  'setupkey.revoke': { area: 'setup-key', label: 'Setup key revoked' },
  'setupkey.delete': { area: 'setup-key', label: 'Setup key deleted' },
  'setupkey.overuse': { area: 'setup-key', label: 'Setup key used more than allowed' },
  'user.block': { area: 'user', label: 'User blocked' },
  'user.unblock': { area: 'user', label: 'User unblocked' },
  'user.delete': { area: 'user', label: 'User deleted' },
  'user.role.update': { area: 'user', label: 'User role changed' },
  'network.create': { area: 'network', label: 'Network created' },
  'network.update': { area: 'network', label: 'Network changed' },
  'network.delete': { area: 'network', label: 'Network deleted' },
  'network.resource.create': { area: 'network', label: 'Network resource created' },
  'network.resource.update': { area: 'network', label: 'Network resource changed' },
  'network.resource.delete': { area: 'network', label: 'Network resource deleted' },
  'network.router.create': { area: 'network', label: 'Network router created' },
  'network.router.update': { area: 'network', label: 'Network router changed' },
  'network.router.delete': { area: 'network', label: 'Network router deleted' },
  'route.add': { area: 'route', label: 'Route created' },
  'route.update': { area: 'route', label: 'Route changed' },
  'route.delete': { area: 'route', label: 'Route deleted' },
  'nameserver.group.add': { area: 'dns', label: 'DNS nameserver group created' },
  'nameserver.group.update': { area: 'dns', label: 'DNS nameserver group changed' },
  'nameserver.group.delete': { area: 'dns', label: 'DNS nameserver group deleted' },
  'dns.setting.disabled.management.group.add': { area: 'dns', label: 'Group excluded from DNS management' },
  'dns.setting.disabled.management.group.delete': { area: 'dns', label: 'Group returned to DNS management' },
  'account.dns.domain.update': { area: 'dns', label: 'Account DNS domain changed' },
  'dns.zone.create': { area: 'dns', label: 'DNS zone created' },
  'dns.zone.update': { area: 'dns', label: 'DNS zone changed' },
  'dns.zone.delete': { area: 'dns', label: 'DNS zone deleted' },
  'dns.zone.record.create': { area: 'dns', label: 'DNS record created' },
  'dns.zone.record.update': { area: 'dns', label: 'DNS record changed' },
  'dns.zone.record.delete': { area: 'dns', label: 'DNS record deleted' },
  'peer.setupkey.add': { area: 'peer', label: 'Peer enrolled with a setup key' },
  'setupkey.peer.add': { area: 'peer', label: 'Peer enrolled with a setup key' },
};

/** Peer enrolments by setup key: the initiator is the key, not a person. */
export const SETUP_KEY_ENROLMENT_CODES: ReadonlySet<string> = new Set(['peer.setupkey.add', 'setupkey.peer.add']);

/**
 * What the feed posts unless ACTIVITY_EVENT_TYPES says otherwise: the changes IT should know of
 * (issue 14): policies and rules; setup keys; users blocked, unblocked, deleted or given a role;
 * networks, routers, routes and DNS; peers added with a setup key. Not logins, peer renames or
 * group edits: those are daily noise, and offboarding already reports its own.
 */
export const DEFAULT_EVENT_TYPES: readonly string[] = Object.keys(KNOWN_CODES).filter((c) => c !== 'setupkey.overuse');

/** `*` posts every event type, known or not. */
export type EventTypeFilter = { all: true } | { all: false; codes: ReadonlySet<string> };

export function eventTypeFilter(codes: readonly string[] | '*'): EventTypeFilter {
  return codes === '*' ? { all: true } : { all: false, codes: new Set(codes) };
}

export function wanted(filter: EventTypeFilter, code: string): boolean {
  return filter.all || filter.codes.has(code);
}
