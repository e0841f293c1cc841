/**
 * Read-only questions the bot asks (`cases`, `audit <user>`): open cases, a user's case, and a
 * user's audit trail. A UPN is looked up in the stored cases first (a deleted user is no longer in
 * Graph), then in Graph.
 */
import type { Services } from '../services.js';
import { tableFilter } from '../store/table.js';
import type { OffboardingAuditEvent } from './audit.js';
import { loadCase } from './cases.js';
import { offboardingContext, type OffboardingContext } from './context.js';
import type { OffboardingCase } from './model.js';
import { isGuid } from '../guid.js';
import { normaliseUserInput, resolveUser } from './resolve-user.js';
import { CASE_PARTITION } from './storage.js';

/** Every case not yet closed, oldest first. */
export async function listOpenCases(services: Services): Promise<OffboardingCase[]> {
  const ctx = offboardingContext(services);
  const rows = await ctx.storage.cases.query(tableFilter`PartitionKey eq ${CASE_PARTITION} and open eq ${true}`);
  return rows.map((r) => r.value).sort((a, b) => a.openedAt.localeCompare(b.openedAt));
}

/** The user's current (or last) case; undefined when there is none. NotFoundError for an unknown user. */
export async function getCaseForUser(services: Services, userIdOrUpn: string): Promise<OffboardingCase | undefined> {
  const ctx = offboardingContext(services);
  const userId = await userIdOf(ctx, userIdOrUpn);
  return loadCase(ctx, userId);
}

/** Every audit event naming the user, oldest first. NotFoundError for an unknown user. */
export async function auditTrailForUser(services: Services, userIdOrUpn: string): Promise<OffboardingAuditEvent[]> {
  const ctx = offboardingContext(services);
  const userId = await userIdOf(ctx, userIdOrUpn);
  return ctx.storage.audit.listByUser(userId);
}

async function userIdOf(ctx: OffboardingContext, raw: string): Promise<string> {
  const user = normaliseUserInput(raw);
  if (isGuid(user)) return user.toLowerCase();
  const upn = user.toLowerCase();
  const [known] = await ctx.storage.cases.query(tableFilter`PartitionKey eq ${CASE_PARTITION} and upn eq ${upn}`, {
    limit: 1,
  });
  if (known) return known.value.userId;
  return (await resolveUser(ctx.services.graph, user)).id;
}
