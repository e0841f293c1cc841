/**
 * The manual trigger shared by the bot's `offboard <user> [reason]` and `POST /api/offboard`:
 * open (or find) the user's case and hand it to the step runner through the work queue, so
 * containment starts at once without waiting for Entra Connect to sync the disable (DESIGN.md §2).
 */
import { z } from 'zod';
import { ForbiddenError, ValidationError } from '../errors.js';
import { auditEvent } from './audit.js';
import type { Services } from '../services.js';
import { audit, openCase, updateCase } from './cases.js';
import { offboardingContext, type OffboardingContext } from './context.js';
import type { Actor } from './model.js';
import { resolveUser } from './resolve-user.js';

export const SELF_REQUEST_AUDIT_ID = 'offboard-request';

export const offboardingRequestSchema = z.object({
  user: z
    .string({ error: '"user" is required: a UPN or an Entra object id' })
    .min(1, { error: '"user" must not be empty' })
    .max(256, { error: '"user" must be at most 256 characters' }),
  reason: z.string().max(500, { error: '"reason" must be at most 500 characters' }).optional(),
});

export interface OffboardingRequest {
  /** UPN or Entra object id. */
  user: string;
  reason?: string;
  requestedBy: { kind: 'teams' | 'webhook'; id: string; name?: string };
}

export interface OffboardingRequestResult {
  caseId: string;
  userId: string;
  /** False when the user already had an open case (that case is returned). */
  created: boolean;
}

/** NotFoundError for an unknown user, ValidationError for bad input. */
export async function requestOffboarding(
  services: Services,
  request: OffboardingRequest,
  ctxOverride?: OffboardingContext,
): Promise<OffboardingRequestResult> {
  const parsed = offboardingRequestSchema.safeParse({ user: request.user, reason: request.reason });
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => i.message).join('; '));
  const ctx = ctxOverride ?? offboardingContext(services);
  const user = await resolveUser(services.graph, parsed.data.user);
  const actor: Actor = {
    kind: request.requestedBy.kind,
    id: request.requestedBy.id,
    ...(request.requestedBy.name ? { name: request.requestedBy.name } : {}),
  };
  if (request.requestedBy.kind === 'teams' && request.requestedBy.id.toLowerCase() === user.id.toLowerCase()) {
    // Nobody offboards themselves (issue 11): another IT engineer must, so two people see it.
    await ctx.storage.audit.append(
      auditEvent(
        SELF_REQUEST_AUDIT_ID,
        user.id,
        {
          action: 'offboard.refused',
          actor,
          result: 'refused',
          summary: `${actor.name ?? actor.id} asked to offboard themselves: refused`,
        },
        ctx.now(),
      ),
    );
    throw new ForbiddenError('You cannot offboard yourself: ask another IT engineer.');
  }
  const reason = parsed.data.reason?.trim();
  const opened = await openCase(ctx, {
    userId: user.id,
    upn: user.upn,
    displayName: user.displayName,
    mail: user.mail,
    reason: 'manual',
    requestedBy: actor,
    ...(reason ? { note: reason } : {}),
    manual: true,
    // A person in Teams asked for this one user: the burst guard is for automation.
    ...(request.requestedBy.kind === 'teams'
      ? { admission: { via: 'manual' as const, at: ctx.now().toISOString() } }
      : {}),
  });
  // A manual request always gets a case (it supersedes a finished one).
  const c = opened!.case;
  if (!opened!.created) {
    const resumed = await updateCase(ctx, user.id, (cur) =>
      cur.failure || cur.lastError ? { ...cur, failure: undefined, lastError: undefined, lease: undefined } : undefined,
    );
    await audit(ctx, c, {
      action: resumed.written ? 'case.resumed' : 'case.requested-again',
      actor,
      result: 'ok',
      summary: resumed.written
        ? 'Offboarding requested again: the failed case resumes'
        : 'Offboarding requested again: the case is already open',
    });
  }
  await ctx.storage.work.send({ kind: 'advance', userId: user.id, reason: `${request.requestedBy.kind} request` });
  return { caseId: c.id, userId: user.id, created: opened!.created };
}
