/**
 * The delta sweep (every 15 minutes by default): Graph sends no `missed` events for users, retries
 * for only 4 h and drops notifications when the endpoint is slow, so `users/delta` catches what
 * notifications missed (DESIGN.md §2). Disabled and removed users go through the same processor as
 * notifications (a "check user" message each). The delta link is stored after the round, so a
 * failed round is simply repeated from the previous link.
 *
 * The very first round takes the full baseline. By default it only records the link: accounts that
 * were disabled before the product was installed are not offboarded all at once (their NetBird
 * leftovers are a clean-up for IT, not an emergency). SWEEP_BASELINE_OFFBOARD=true treats them like
 * any other disabled account (the blast-radius guard still applies). When a stored link has expired
 * (7 days without a sweep), the full resync is treated as a normal round: users who already have a
 * case are skipped, and the blast-radius guard asks IT if that leaves too many.
 */
import { randomUUID } from 'node:crypto';
import type { DeltaUser } from '../graph/index.js';
import { SYSTEM, auditEvent } from './audit.js';
import { allowance, holdInBatch } from './blast-radius.js';
import { openCase, reopensOnDisable } from './cases.js';
import type { OffboardingContext } from './context.js';
import type { HeldUser } from './batch-model.js';
import type { CaseReason, OffboardingCase } from './model.js';
import { noteEnabled } from './process-check.js';
import { CASE_PARTITION, DELTA_LINK_PARTITION, USERS_DELTA_KEY } from './storage.js';

export const SWEEP_AUDIT_ID = 'delta-sweep';

export interface SweepResult {
  baseline: boolean;
  fullResync: boolean;
  changed: number;
  /** Disabled or removed users without a case in progress. */
  candidates: number;
  queued: number;
  /** Rejected cases whose account is checked again (reopened if Entra still says disabled). */
  rejectedRechecked: number;
  heldBatchId?: string;
}

export async function runSweep(ctx: OffboardingContext, reason: string): Promise<SweepResult> {
  const { graph, config, netbirdAdmin } = ctx.services;
  const stored = await ctx.storage.deltaLinks.get(DELTA_LINK_PARTITION, USERS_DELTA_KEY);
  const round = await graph.usersDelta(stored?.value.link);
  const baseline = !stored;
  const result: SweepResult = {
    baseline,
    fullResync: round.fullResync,
    changed: round.users.length,
    candidates: 0,
    queued: 0,
    rejectedRechecked: 0,
  };

  if (!(baseline && !config.offboarding.baselineOffboards)) {
    const cases = new Map(
      (await ctx.storage.cases.listPartition(CASE_PARTITION)).map((r) => [r.value.userId, r.value]),
    );
    for (const u of round.users) {
      if (!u.removed && u.accountEnabled === true && cases.has(u.id.toLowerCase()))
        await noteEnabled(ctx, u.id.toLowerCase());
    }
    // Rejected cases are looked at every round, changed or not: Entra may still say disabled (reexamine.ts).
    result.rejectedRechecked = await queueRejectedChecks(ctx, [...cases.values()]);
    const fresh = round.users.filter(
      (u) => (u.removed || u.accountEnabled === false) && isNew(cases.get(u.id.toLowerCase())),
    );
    result.candidates = fresh.length;
    if (fresh.length > 0) {
      const people = (await netbirdAdmin.listUsers()).filter((u) => !u.is_service_user).length;
      const limit = allowance(config.offboarding.blastRadius, people);
      if (fresh.length > limit) result.heldBatchId = await holdAll(ctx, fresh, limit, people);
      else result.queued = await queueChecks(ctx, fresh);
    }
  }
  await ctx.storage.deltaLinks.upsert(DELTA_LINK_PARTITION, USERS_DELTA_KEY, {
    link: round.deltaLink,
    updatedAt: ctx.now().toISOString(),
  });
  const disabledAtBaseline = baseline ? round.users.filter((u) => u.removed || u.accountEnabled === false).length : 0;
  await ctx.storage.audit.append(
    auditEvent(
      SWEEP_AUDIT_ID,
      undefined,
      {
        action: baseline ? 'sweep.baseline' : 'sweep',
        actor: SYSTEM,
        result: 'ok',
        summary:
          baseline && !config.offboarding.baselineOffboards
            ? `Baseline taken (${reason}): ${round.users.length} users, ${disabledAtBaseline} already disabled (not offboarded: SWEEP_BASELINE_OFFBOARD is off)`
            : `Sweep (${reason}): ${round.users.length} changed, ${result.candidates} to offboard, ${result.queued} queued${result.heldBatchId ? ', all held by the blast-radius guard' : ''}`,
        detail: { ...result },
      },
      ctx.now(),
    ),
  );
  ctx.logger.info('delta sweep done', { ...result, reason });
  return result;
}

/** A user is new to offboarding unless a case is in progress, or the last one closed and still
 * stands (the same rule as `openCase` for automatic triggers). */
function isNew(c: OffboardingCase | undefined): boolean {
  return !c || (!c.open && reopensOnDisable(c));
}

/** A check per rejected case still waiting for its unblock (processUserCheck re-examines it). */
async function queueRejectedChecks(ctx: OffboardingContext, cases: readonly OffboardingCase[]): Promise<number> {
  const at = ctx.now().toISOString();
  const rejected = cases.filter((c) => c.state === 'rejected' && !c.unblock?.done);
  for (const c of rejected) {
    await ctx.storage.checks.send({
      kind: 'check',
      userId: c.userId,
      changeType: 'updated',
      source: 'sweep',
      admitted: true,
      receivedAt: at,
    });
  }
  return rejected.length;
}

async function queueChecks(ctx: OffboardingContext, users: readonly DeltaUser[]): Promise<number> {
  const at = ctx.now().toISOString();
  for (const u of users) {
    await ctx.storage.checks.send({
      kind: 'check',
      userId: u.id.toLowerCase(),
      changeType: u.removed ? 'deleted' : 'updated',
      source: 'sweep',
      admitted: true,
      receivedAt: at,
    });
  }
  return users.length;
}

/** Too many at once: open their cases on hold (nothing written to NetBird) and ask IT. */
async function holdAll(
  ctx: OffboardingContext,
  users: readonly DeltaUser[],
  limit: number,
  people: number,
): Promise<string> {
  const batchId = randomUUID();
  const at = ctx.now().toISOString();
  const held: HeldUser[] = [];
  for (const u of users) {
    const reason: CaseReason = u.removed
      ? u.removed.reason === 'changed'
        ? 'soft-deleted'
        : 'hard-deleted'
      : 'disabled';
    await openCase(ctx, {
      userId: u.id,
      upn: u.userPrincipalName,
      displayName: u.displayName,
      mail: u.mail,
      reason,
      requestedBy: { kind: 'sweep', name: 'delta sweep' },
      manual: false,
      hold: { batchId, at },
    });
    held.push({
      userId: u.id.toLowerCase(),
      ...(u.displayName ? { name: u.displayName } : {}),
      ...(u.userPrincipalName ? { upn: u.userPrincipalName } : {}),
    });
  }
  await holdInBatch(ctx, batchId, 'sweep', held, { allowance: limit, netbirdUsers: people, collectUntil: at });
  return batchId;
}
