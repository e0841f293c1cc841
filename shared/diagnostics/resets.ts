/**
 * `resets <user> [days]`: the user's password events from Entra's directory audits (SSPR service
 * and Core Directory, newest first), each reset or change joined with NetBird: has one of the
 * user's laptops been seen since? A hybrid-joined laptop only takes the new password into its
 * cached credentials when it can reach a DC, i.e. when its tunnel is up (DESIGN.md §1, §3).
 *
 * Entra keeps audit logs 7 days (Free) or 30 days (P1/P2) and needs P1 to read them through
 * Graph; both refusals get a plain message. Writeback failures are detailed only on the Entra
 * Connect server, which this app cannot see: the card says so instead of guessing.
 * https://learn.microsoft.com/entra/identity/authentication/howto-sspr-reporting
 * https://learn.microsoft.com/entra/identity/monitoring-health/reference-reports-data-retention
 */
import type { DirectoryAudit, GraphUser } from '../graph/index.js';
import { GraphError } from '../graph/index.js';
import type { NetBirdPeer } from '../netbird/index.js';
import type { Services } from '../services.js';
import { findUserPeers, type UserPeer } from './user-lookup.js';

export const DEFAULT_DAYS = 7;
export const MAX_DAYS = 30;

export type EventKind = 'reset' | 'change' | 'blocked' | 'unlock' | 'other';

/** After a successful reset or change: did one of the user's peers reach NetBird since? */
export type LaptopAfter =
  { seen: true; peer: NetBirdPeer } | { seen: false; peers: NetBirdPeer[] } | { seen: 'no-peers' };

export interface PasswordEvent {
  audit: DirectoryAudit;
  kind: EventKind;
  succeeded: boolean;
  laptop?: LaptopAfter;
}

export type ResetsAnswer =
  | {
      kind: 'events';
      user: GraphUser;
      since: Date;
      days: number;
      events: PasswordEvent[];
      peers: UserPeer[];
      notes: string[];
    }
  | { kind: 'not-found'; query: string }
  | { kind: 'refused'; user: GraphUser; reason: 'licence' | 'permission' | 'retention'; days: number; detail: string };

export function eventKind(activity: string | null | undefined): EventKind {
  const a = (activity ?? '').toLowerCase();
  if (a.includes('blocked')) return 'blocked';
  if (a.includes('unlock')) return 'unlock';
  if (a.includes('flow activity progress')) return 'other';
  if (a.includes('reset')) return 'reset';
  if (a.includes('change')) return 'change';
  return 'other';
}

/** The peer seen most recently after `at`, or the peers that have not been. */
export function laptopAfter(at: string, peers: readonly NetBirdPeer[]): LaptopAfter {
  if (peers.length === 0) return { seen: 'no-peers' };
  const t = Date.parse(at);
  const after = peers
    .filter((p) => Date.parse(p.last_seen) > t)
    .sort((a, b) => Date.parse(b.last_seen) - Date.parse(a.last_seen));
  return after.length ? { seen: true, peer: after[0]! } : { seen: false, peers: [...peers] };
}

function refusal(err: unknown): { reason: 'licence' | 'permission' | 'retention'; detail: string } | undefined {
  if (!(err instanceof GraphError)) return undefined;
  const said = `${err.graphCode ?? ''} ${err.graphMessage ?? ''}`;
  if (err.upstreamStatus === 403)
    return {
      reason: /premium|licen[cs]e|B2C/i.test(said) ? 'licence' : 'permission',
      detail: err.graphCode ?? 'Forbidden',
    };
  if (err.upstreamStatus === 400 && /date|range|retention|older|days/i.test(said))
    return { reason: 'retention', detail: err.graphCode ?? 'BadRequest' };
  return undefined;
}

export async function passwordHistory(
  services: Services,
  user: GraphUser,
  days: number,
  now: Date,
): Promise<ResetsAnswer> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const peersPromise = findUserPeers(services, user, services.netbirdRead.listPeers());
  // Awaited below; this only keeps a NetBird failure from going unhandled while Graph is refused.
  peersPromise.catch(() => undefined);
  let audits: DirectoryAudit[];
  try {
    audits = await services.graph.passwordAudits({
      userId: user.id,
      ...(user.userPrincipalName ? { userPrincipalName: user.userPrincipalName } : {}),
      since,
    });
  } catch (err) {
    const refused = refusal(err);
    if (refused) return { kind: 'refused', user, days, ...refused };
    throw err;
  }
  const found = await peersPromise;
  const peers = found.peers.map((p) => p.peer);
  const events = audits.map((audit): PasswordEvent => {
    const kind = eventKind(audit.activityDisplayName);
    const succeeded = (audit.result ?? '').toLowerCase() === 'success';
    const changesPassword = (kind === 'reset' || kind === 'change') && succeeded;
    return {
      audit,
      kind,
      succeeded,
      ...(changesPassword ? { laptop: laptopAfter(audit.activityDateTime, peers) } : {}),
    };
  });
  const notes = [...found.notes];
  if (days > DEFAULT_DAYS)
    notes.push(
      `Entra keeps audit logs 7 days on the Free tier and 30 days with P1 or P2: events older than the tenant's retention are not shown.`,
    );
  return { kind: 'events', user, since, days, events, peers: found.peers, notes };
}
