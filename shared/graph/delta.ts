/**
 * Users delta query: one round follows nextLinks to the final deltaLink, which the caller stores
 * and passes back next time. A stored link that Graph no longer honours (410 Gone,
 * `syncStateNotFound`, …; delta tokens for directory objects live 7 days) is dropped and the round
 * starts from scratch. https://learn.microsoft.com/graph/delta-query-users
 */
import { ValidationError } from '../errors.js';
import type { Logger } from '../logger.js';
import { GraphError, isResyncRequired } from './errors.js';
import { iteratePages } from './paging.js';
import { DELTA_USER_FIELDS, deltaUserSchema, type DeltaUser } from './schemas.js';
import type { GraphCall, GraphTransport } from './transport.js';

export interface UsersDeltaResult {
  /** Changed users; `removed` set on users deleted (or soft-deleted) since the last round. */
  users: DeltaUser[];
  /** Store this and pass it to the next call. */
  deltaLink: string;
  /**
   * True when this round enumerated every user from scratch (no link given, or the stored link
   * was refused): users missing from `users` should then be treated as gone.
   */
  fullResync: boolean;
  /** True when a stored link was given but Graph refused it (expired or invalid). */
  linkExpired: boolean;
}

const FRESH_ROUND: GraphCall = { path: '/users/delta', query: { select: DELTA_USER_FIELDS } };

async function runRound(t: GraphTransport, first: GraphCall): Promise<{ users: DeltaUser[]; deltaLink: string }> {
  const users: DeltaUser[] = [];
  for await (const page of iteratePages(t, first, deltaUserSchema)) {
    users.push(...page.items);
    if (page.deltaLink) return { users, deltaLink: page.deltaLink };
    if (!page.nextLink) break;
  }
  throw new GraphError({
    method: 'GET',
    path: '/users/delta',
    upstreamStatus: 200,
    graphCode: 'invalidResponse',
    graphMessage: 'delta round ended without a deltaLink',
  });
}

export async function usersDelta(t: GraphTransport, logger: Logger, deltaLink?: string): Promise<UsersDeltaResult> {
  if (deltaLink) {
    try {
      return { ...(await runRound(t, { path: deltaLink })), fullResync: false, linkExpired: false };
    } catch (err) {
      // ValidationError: the stored link is not under our base URL (e.g. the base URL changed).
      if (!isResyncRequired(err) && !(err instanceof ValidationError)) throw err;
      logger.warn('Graph refused the stored users delta link; starting a full resync', {
        upstreamStatus: err instanceof GraphError ? err.upstreamStatus : undefined,
        graphCode: err instanceof GraphError ? err.graphCode : undefined,
      });
    }
  }
  // A fresh round that fails is an error to report, not a reason to loop.
  return { ...(await runRound(t, FRESH_ROUND)), fullResync: true, linkExpired: deltaLink !== undefined };
}
