/**
 * May the NetBird user be unblocked now? Only while Entra says the account is enabled and not
 * deleted (issue 11): a "false alarm" for an account Entra still disables is not one, and unblocking
 * it would undo containment for someone who has lost their access on purpose. Read afresh right
 * before each unblock: at the confirmation click, and again in the step that writes to NetBird.
 */
import { entraVerdict, type EntraVerdict } from './entra-verdict.js';
import type { OffboardingContext } from './context.js';

export type UnblockGate =
  { ok: true } | { ok: false; verdict: Exclude<EntraVerdict['kind'], 'enabled'>; reason: string };

const REASONS: Record<Exclude<EntraVerdict['kind'], 'enabled'>, string> = {
  disabled: 'Entra still says the account is disabled',
  'soft-deleted': 'the account is deleted in Entra (recycle bin)',
  'hard-deleted': 'the account no longer exists in Entra',
};

export async function unblockGate(ctx: OffboardingContext, userId: string): Promise<UnblockGate> {
  const verdict = await entraVerdict(ctx.services.graph, userId);
  if (verdict.kind === 'enabled') return { ok: true };
  return { ok: false, verdict: verdict.kind, reason: REASONS[verdict.kind] };
}
