/**
 * The case repository: read, find by id, open (or find the open one), change with ETag
 * concurrency, and move between states with an audit event per transition.
 */
import { randomUUID } from 'node:crypto';
import { tableFilter } from '../store/table.js';
import { auditEvent, type AuditInput } from './audit.js';
import type { OffboardingContext } from './context.js';
import type { Actor, CaseReason, CaseState, OffboardingCase } from './model.js';
import { transition } from './state-machine.js';
import { ARCHIVE_PARTITION, CASE_PARTITION, caseRowKey } from './storage.js';
import { appMetrics } from '../telemetry.js';

export async function loadCase(ctx: OffboardingContext, userId: string): Promise<OffboardingCase | undefined> {
  return (await ctx.storage.cases.get(CASE_PARTITION, caseRowKey(userId)))?.value;
}

/** The current case with this id, or an archived one (superseded by a newer case of the user). */
export async function findCaseById(ctx: OffboardingContext, caseId: string): Promise<OffboardingCase | undefined> {
  const [current] = await ctx.storage.cases.query(tableFilter`PartitionKey eq ${CASE_PARTITION} and id eq ${caseId}`, {
    limit: 1,
  });
  if (current) return current.value;
  return (await ctx.storage.cases.get(ARCHIVE_PARTITION, caseId))?.value;
}

export async function audit(
  ctx: OffboardingContext,
  c: Pick<OffboardingCase, 'id' | 'userId'>,
  input: AuditInput,
): Promise<void> {
  await ctx.storage.audit.append(auditEvent(c.id, c.userId, input, ctx.now()));
}

/**
 * Changes the user's case with the ETag loop. `fn` gets the current case and returns the new one,
 * or undefined to write nothing; it may run more than once, so it must be free of side effects.
 */
export async function updateCase(
  ctx: OffboardingContext,
  userId: string,
  fn: (current: OffboardingCase) => OffboardingCase | undefined,
): Promise<{ case: OffboardingCase | undefined; written: boolean }> {
  const result = await ctx.storage.cases.mutate(CASE_PARTITION, caseRowKey(userId), (current) => {
    if (!current) return undefined;
    const next = fn(current);
    return next && { ...next, updatedAt: ctx.now().toISOString() };
  });
  return { case: result.value, written: result.written };
}

/** Moves the case to `to` if it is still in one of `from`, and audits the transition. */
export async function moveCase(
  ctx: OffboardingContext,
  userId: string,
  from: readonly CaseState[],
  to: CaseState,
  actor: Actor,
  summary: string,
  patch: (c: OffboardingCase) => Partial<OffboardingCase> = () => ({}),
  outcome?: string,
): Promise<OffboardingCase | undefined> {
  let previous: CaseState | undefined;
  const { case: c, written } = await updateCase(ctx, userId, (current) => {
    if (!from.includes(current.state)) return undefined;
    previous = current.state;
    return transition({ ...current, ...patch(current) }, to, ctx.now(), outcome);
  });
  if (written && c) {
    await audit(ctx, c, {
      action: 'state.changed',
      actor,
      result: 'ok',
      summary,
      target: `${previous} → ${to}`,
      detail: { from: previous, to, ...(outcome ? { outcome } : {}) },
    });
    ctx.logger.info('offboarding case moved', { caseId: c.id, from: previous, to });
  }
  return written ? c : undefined;
}

export interface OpenRequest {
  userId: string;
  upn?: string | null;
  displayName?: string | null;
  mail?: string | null;
  reason: CaseReason;
  requestedBy: Actor;
  note?: string;
  /** A person or system asked: a finished case is superseded by a new one. */
  manual: boolean;
  admission?: OffboardingCase['admission'];
  hold?: OffboardingCase['hold'];
}

/**
 * "Open or find": the user's open case if there is one; otherwise a new case. A finished case is
 * superseded only by a manual request, or when the account was seen enabled after it closed (it
 * was re-enabled and is now disabled again): a late notification about the same leaver must not
 * start the process over.
 */
export async function openCase(
  ctx: OffboardingContext,
  req: OpenRequest,
): Promise<{ case: OffboardingCase; created: boolean } | undefined> {
  const userId = req.userId.toLowerCase();
  const existing = await loadCase(ctx, userId);
  if (existing?.open) return { case: existing, created: false };
  if (existing && !supersedes(existing, req)) return undefined;
  if (existing) await ctx.storage.cases.upsert(ARCHIVE_PARTITION, existing.id, existing);

  const now = ctx.now().toISOString();
  const fresh: OffboardingCase = {
    id: randomUUID(),
    userId,
    ...(req.upn ? { upn: req.upn.toLowerCase() } : {}),
    ...(req.displayName ? { displayName: req.displayName } : {}),
    ...(req.mail ? { mail: req.mail } : {}),
    state: 'detected',
    open: true,
    reason: req.reason,
    requestedBy: req.requestedBy,
    ...(req.note ? { note: req.note } : {}),
    dryRun: ctx.services.config.dryRun,
    openedAt: now,
    updatedAt: now,
    devices: [],
    messages: [],
    ...(req.admission ? { admission: req.admission } : {}),
    ...(req.hold ? { hold: req.hold } : {}),
  };
  let mine = false;
  const result = await ctx.storage.cases.mutate(CASE_PARTITION, caseRowKey(userId), (current) => {
    mine = false;
    if (current && (current.open || current.id !== existing?.id)) return undefined; // someone else opened one
    mine = true;
    return fresh;
  });
  const c = result.value!;
  if (!mine) return c.open ? { case: c, created: false } : undefined;
  await audit(ctx, c, {
    action: 'case.opened',
    actor: req.requestedBy,
    result: 'ok',
    summary: `Case opened: ${describeReason(req.reason)}${req.note ? ` (${req.note})` : ''}${c.dryRun ? ' [dry run]' : ''}`,
    target: c.upn ?? userId,
    detail: { reason: req.reason, dryRun: c.dryRun, ...(existing ? { supersedes: existing.id } : {}) },
  });
  ctx.logger.info('offboarding case opened', { caseId: c.id, userId, reason: req.reason });
  appMetrics.casesOpened();
  return { case: c, created: true };
}

/** Outcomes that mean the account was enabled when the case ended: any later disable is new. */
const ENDED_ENABLED = ['false-alarm', 'enabled-again', 'restored'];

/**
 * Whether a finished case gives way to a new one when the account is found disabled again: it
 * ended with the account enabled, or the account was seen enabled after it closed. Otherwise a late
 * notification about the same leaver must not start the process over.
 */
export function reopensOnDisable(c: OffboardingCase): boolean {
  if (c.outcome && ENDED_ENABLED.includes(c.outcome)) return true;
  return c.seenEnabledAt !== undefined && c.closedAt !== undefined && c.seenEnabledAt > c.closedAt;
}

function supersedes(existing: OffboardingCase, req: OpenRequest): boolean {
  return req.manual || reopensOnDisable(existing);
}

export function describeReason(reason: CaseReason): string {
  switch (reason) {
    case 'disabled':
      return 'account disabled in Entra';
    case 'soft-deleted':
      return 'account deleted in Entra (recycle bin)';
    case 'hard-deleted':
      return 'account permanently deleted in Entra';
    case 'manual':
      return 'offboarding requested';
  }
}
