/**
 * GROUP_SYNC=apply: make the differences of a drift report true in NetBird, the way offboarding
 * writes (same admin client and so the same app-wide write budget, same dry run, same audit table,
 * same per-group lock, same blast-radius allowance):
 * - a user's `auto_groups`: read-modify-write of role, auto-groups and block state together
 *   (NetBirdClient.setUserAutoGroups; blocked and pending users are refused on the fresh read);
 * - peers' groups: one `PUT /api/groups/{id}` per changed group with all of its additions and
 *   removals (changeGroupPeers: the group's lock, a fresh read, the re-read check).
 * Only the mapped groups in the report are touched, and only the memberships it names.
 *
 * The guard: when more users would change than the blast-radius allowance (BLAST_RADIUS_MAX_USERS
 * / _SHARE of NetBird's people), nothing is written and the run reports "held": a GROUP_MAP typo or
 * an emptied Entra group must not strip half the company. IT confirms with `drift apply`.
 * One failed write does not stop the others; each is audited with its result.
 */
import { errorMessage } from '../errors.js';
import { SYSTEM, type AuditInput } from '../offboarding/audit.js';
import { allowance } from '../offboarding/blast-radius.js';
import type { OffboardingContext } from '../offboarding/context.js';
import { changeGroupPeers } from '../offboarding/group-writes.js';
import { auditStamp } from '../store/audit.js';
import type { DriftReport, GroupRef, UserDrift } from './types.js';

export interface ApplyOptions {
  /** The run's id: the audit events' correlation id (`drift-<id>`). */
  runId: string;
  dryRun: boolean;
  /** IT confirmed a held change (`drift apply`): the allowance does not apply. */
  confirmed?: boolean;
}

export type WriteResult = 'done' | 'planned' | 'no-change' | 'refused' | 'failed';

export interface ApplyOutcome {
  kind: 'held' | 'applied';
  /** Users whose access the report would change. */
  users: number;
  allowance: number;
  dryRun: boolean;
  /** Per write: what, and how it went. */
  writes: { what: string; result: WriteResult }[];
}

const names = (groups: readonly GroupRef[]) => groups.map((g) => g.name).join(', ');

async function record(
  ctx: OffboardingContext,
  runId: string,
  entraId: string | undefined,
  input: AuditInput,
): Promise<void> {
  try {
    await ctx.storage.audit.append({
      ...auditStamp(ctx.now()),
      correlationId: `drift-${runId}`,
      ...(entraId ? { userId: entraId } : {}),
      source: 'group-drift',
      ...input,
    });
  } catch (err) {
    ctx.logger.error('group drift: could not record an audit event', {
      runId,
      action: input.action,
      error: errorMessage(err),
    });
  }
}

function userChange(u: UserDrift): string {
  return [u.missing.length ? `add ${names(u.missing)}` : '', u.extra.length ? `remove ${names(u.extra)}` : '']
    .filter(Boolean)
    .join(' and ');
}

export async function applyDrift(
  ctx: OffboardingContext,
  report: DriftReport,
  options: ApplyOptions,
): Promise<ApplyOutcome> {
  const people = report.judgedUsers + report.skipped.blocked + report.skipped.pending;
  const limit = allowance(ctx.services.config.offboarding.blastRadius, people);
  const base = { users: report.users.length, allowance: limit, dryRun: options.dryRun };
  if (report.users.length > limit && !options.confirmed) {
    await record(ctx, options.runId, undefined, {
      action: 'drift.held',
      actor: SYSTEM,
      result: 'refused',
      summary: `Group drift held: ${report.users.length} users would change, more than the allowance of ${limit}; nothing written`,
    });
    return { kind: 'held', ...base, writes: [] };
  }
  const writes: ApplyOutcome['writes'] = [];
  const netbird = ctx.services.netbirdAdmin;

  for (const u of report.users) {
    if (u.extra.length + u.missing.length === 0) continue;
    const what = `${userChange(u)} in the auto-groups of NetBird user ${u.email || u.name}`;
    const action = 'netbird.user-auto-groups';
    const detail = {
      netbirdUserId: u.netbirdUserId,
      add: u.missing.map((g) => g.id),
      remove: u.extra.map((g) => g.id),
    };
    if (options.dryRun) {
      await record(ctx, options.runId, u.entraId, {
        action,
        actor: SYSTEM,
        target: u.netbirdUserId,
        result: 'planned',
        summary: `Would ${what} (dry run: nothing written)`,
        detail,
      });
      writes.push({ what, result: 'planned' });
      continue;
    }
    const remove = new Set(detail.remove);
    try {
      const res = await netbird.setUserAutoGroups(u.netbirdUserId, (ids) => [
        ...ids.filter((id) => !remove.has(id)),
        ...detail.add,
      ]);
      const result: WriteResult = res.kind === 'changed' ? 'done' : res.kind === 'unchanged' ? 'no-change' : 'refused';
      const summary =
        res.kind === 'changed'
          ? `Done: ${what}`
          : res.kind === 'unchanged'
            ? `Nothing to do: ${what} (already so)`
            : `Not changed: the user is ${res.reason} now (their access is not drift's to change)`;
      await record(ctx, options.runId, u.entraId, {
        action,
        actor: SYSTEM,
        target: u.netbirdUserId,
        result: result === 'done' ? 'ok' : result,
        summary,
        detail,
      });
      writes.push({ what, result });
    } catch (err) {
      await record(ctx, options.runId, u.entraId, {
        action,
        actor: SYSTEM,
        target: u.netbirdUserId,
        result: 'failed',
        summary: `Could not ${what}: ${errorMessage(err)}`,
        detail,
      });
      writes.push({ what, result: 'failed' });
      ctx.logger.error('group drift: a user write failed', { runId: options.runId, error: errorMessage(err) });
    }
  }

  // Peers, per group: every addition and removal of one group in one PUT.
  const perGroup = new Map<string, { group: GroupRef; add: Map<string, string>; remove: Map<string, string> }>();
  const ownerOf = new Map<string, UserDrift>();
  for (const u of report.users) {
    for (const d of u.devices) {
      ownerOf.set(d.peerId, u);
      for (const [list, key] of [
        [d.missing, 'add'],
        [d.extra, 'remove'],
      ] as const) {
        for (const g of list) {
          const entry = perGroup.get(g.id) ?? { group: g, add: new Map(), remove: new Map() };
          entry[key].set(d.peerId, d.name);
          perGroup.set(g.id, entry);
        }
      }
    }
  }
  if (perGroup.size === 0) return { kind: 'applied', ...base, writes };
  // Someone blocked or pending since the report was read keeps their peers as they are.
  const now = options.dryRun ? undefined : new Map((await netbird.listUsers({ fresh: true })).map((u) => [u.id, u]));
  const touchable = (peerId: string) => {
    const user = now?.get(ownerOf.get(peerId)!.netbirdUserId);
    return !now || (user !== undefined && !user.is_blocked && !user.pending_approval);
  };
  for (const { group, add, remove } of [...perGroup.values()].sort((a, b) =>
    a.group.name.localeCompare(b.group.name),
  )) {
    const adding = [...add.keys()].filter(touchable);
    const removing = new Set([...remove.keys()].filter(touchable));
    if (adding.length + removing.size === 0) continue;
    const what =
      [
        adding.length ? `add ${adding.map((id) => add.get(id)).join(', ')} to` : '',
        removing.size ? `remove ${[...removing].map((id) => remove.get(id)).join(', ')} from` : '',
      ]
        .filter(Boolean)
        .join(' and ') + ` NetBird group ${group.name}`;
    const action = 'netbird.group-peers';
    const detail = { groupId: group.id, add: adding, remove: [...removing] };
    if (options.dryRun) {
      await record(ctx, options.runId, undefined, {
        action,
        actor: SYSTEM,
        target: group.id,
        result: 'planned',
        summary: `Would ${what} (dry run: nothing written)`,
        detail,
      });
      writes.push({ what, result: 'planned' });
      continue;
    }
    try {
      await changeGroupPeers(ctx, group.id, (ids) => [...ids.filter((id) => !removing.has(id)), ...adding]);
      await record(ctx, options.runId, undefined, {
        action,
        actor: SYSTEM,
        target: group.id,
        result: 'ok',
        summary: `Done: ${what}`,
        detail,
      });
      writes.push({ what, result: 'done' });
    } catch (err) {
      await record(ctx, options.runId, undefined, {
        action,
        actor: SYSTEM,
        target: group.id,
        result: 'failed',
        summary: `Could not ${what}: ${errorMessage(err)}`,
        detail,
      });
      writes.push({ what, result: 'failed' });
      ctx.logger.error('group drift: a group write failed', {
        runId: options.runId,
        groupId: group.id,
        error: errorMessage(err),
      });
    }
  }
  return { kind: 'applied', ...base, writes };
}
