/**
 * Who may run IT commands: transitive members of the IT group (config `IT_GROUP_ID`), asked of
 * Graph (`checkMemberGroups`, nested groups included) and remembered briefly, so a burst of
 * commands costs one Graph call while someone removed from the group loses access within minutes.
 * A failed Graph call is not remembered: the next command asks again.
 * https://learn.microsoft.com/graph/api/directoryobject-checkmembergroups
 */
import type { GraphClient } from '../shared/graph/index.js';

export const ACCESS_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 5_000;

export class ItAccess {
  private readonly cache = new Map<string, { member: Promise<boolean>; until: number }>();

  constructor(
    private readonly graph: Pick<GraphClient, 'isMemberOfAny'>,
    private readonly groupId: string,
    private readonly ttlMs = ACCESS_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  isItMember(aadObjectId: string): Promise<boolean> {
    const key = aadObjectId.toLowerCase();
    const now = this.clock();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.member;
    // The promise itself is cached, so concurrent commands share one Graph call.
    const member = this.graph.isMemberOfAny(aadObjectId, [this.groupId]);
    if (this.cache.size >= MAX_ENTRIES) this.prune(now);
    this.cache.set(key, { member, until: now + this.ttlMs });
    member.catch(() => {
      if (this.cache.get(key)?.member === member) this.cache.delete(key);
    });
    return member;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.cache) if (entry.until <= now) this.cache.delete(key);
  }
}
