/**
 * `GET /users/delta`: a round pages with `@odata.nextLink` (`$skiptoken`) and ends with an
 * `@odata.deltaLink` (`$deltatoken`). Resuming from a delta token returns only the users changed
 * since, each once in its latest state; a soft-deleted user comes as `{"id", "@removed":
 * {"reason": "changed"}}` (restorable), a user gone for good as reason `deleted`. A token the
 * simulator never issued, or one older than 7 days, answers 410 Gone with `syncStateNotFound`:
 * the client must start a full round again.
 * https://learn.microsoft.com/graph/delta-query-users
 * https://learn.microsoft.com/graph/delta-query-overview
 */
import { randomBytes } from 'node:crypto';
import { odataContext, type GraphCall, type GraphOperation } from './call.js';
import { parseQuery, type Page } from './query.js';
import { GraphSimError, json } from './respond.js';
import { projectUser } from './users.js';

const TOKEN_LIFETIME_MS = 7 * 24 * 3_600_000;

function changedSince(call: GraphCall, seq: number, select: string[] | undefined): unknown[] {
  const { state } = call.rt;
  const ids = new Set<string>();
  for (const change of state.changes) if (change.seq > seq) ids.add(change.userId);
  return [...ids].map((id) => {
    const user = state.users.get(id);
    if (user) return projectUser(user, select);
    return { id, '@removed': { reason: state.deletedUsers.has(id) ? 'changed' : 'deleted' } };
  });
}

function roundPage(call: GraphCall, page: Page): Record<string, unknown> {
  const { seq, select } = page.extra as { seq: number; select: string[] | undefined };
  const base = `${call.rt.baseUrl}/v1.0/users/delta`;
  const link: Record<string, string> = {};
  if (page.next) link['@odata.nextLink'] = `${base}?$skiptoken=${page.next}`;
  else {
    const token = randomBytes(24).toString('base64url');
    call.rt.deltaTokens.set(token, { seq, select, issuedAt: call.rt.now().getTime() });
    link['@odata.deltaLink'] = `${base}?$deltatoken=${token}`;
  }
  return {
    '@odata.context': odataContext(call.rt, select?.length ? `users(${select.join(',')})` : 'users'),
    ...link,
    value: page.value,
  };
}

export const usersDelta: GraphOperation = (call) => {
  const q = parseQuery(call.params, ['$select', '$skiptoken', '$deltatoken']);
  const { rt } = call;
  if (q.skiptoken) return json(roundPage(call, rt.pager.next(q.skiptoken)));
  if (q.deltatoken !== undefined) {
    const token = rt.deltaTokens.get(q.deltatoken);
    if (!token || rt.now().getTime() - token.issuedAt > TOKEN_LIFETIME_MS) {
      throw new GraphSimError(
        410,
        'syncStateNotFound',
        'The sync state for this delta token was not found or has expired. Start a new round without a token.',
      );
    }
    const items = changedSince(call, token.seq, token.select);
    return json(roundPage(call, rt.pager.first(items, rt.pageSize, { seq: rt.state.changeSeq, select: token.select })));
  }
  const items = [...rt.state.users.values()].map((u) => projectUser(u, q.select));
  return json(roundPage(call, rt.pager.first(items, rt.pageSize, { seq: rt.state.changeSeq, select: q.select })));
};
