/**
 * Step `find-user`: the NetBird user to block, before anything else. Containment comes first
 * (issue 15): the block needs only the user, found in NetBird's user list (shared between cases,
 * netbird/shared-reads.ts); the inventory, which reads every peer, the policies and routes and the
 * device evidence from Graph, runs after the block. In a burst that keeps the blocks at the write
 * budget instead of behind every leaver's inventory.
 *
 * `wasBlocked` is read here, before this app blocks anyone: an unblock after a false alarm leaves a
 * user blocked by someone else blocked (steps/unblock.ts).
 */
import { countPeople, matchEntraUser } from '../../netbird/index.js';
import { updateCase } from '../cases.js';
import type { OffboardingContext } from '../context.js';
import type { NetbirdUserRef, OffboardingCase } from '../model.js';

export async function findUser(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const { netbirdAdmin: nb, config } = ctx.services;
  let users = await nb.listUsers();
  let found = matchEntraUser(users, config.netbird.idp, c.userId, c.mail ?? c.upn);
  if (found.kind !== 'found') {
    // The list may be a moment old (shared between cases): "no NetBird user" is confirmed afresh.
    users = await nb.listUsers({ fresh: true });
    found = matchEntraUser(users, config.netbird.idp, c.userId, c.mail ?? c.upn);
  }
  const netbirdUser: NetbirdUserRef | undefined =
    found.kind === 'found'
      ? {
          id: found.match.user.id,
          matchedBy: found.match.matchedBy,
          role: found.match.user.role,
          wasBlocked: found.match.user.is_blocked,
        }
      : undefined;
  const target = {
    at: ctx.now().toISOString(),
    ...(netbirdUser ? { netbirdUser } : {}),
    netbirdPeople: countPeople(users),
  };
  await updateCase(ctx, c.userId, (cur) => (cur.target || cur.inventory ? undefined : { ...cur, target }));
}
