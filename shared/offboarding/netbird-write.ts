/**
 * Every NetBird write of offboarding goes through here: in dry-run it is planned and audited as
 * "would …" and nothing is sent; otherwise it is made and audited with its result (or its failure,
 * before the error goes on to the queue's retry).
 */
import { errorMessage } from '../errors.js';
import { audit } from './cases.js';
import type { OffboardingContext } from './context.js';
import type { OffboardingCase, WriteResult } from './model.js';
import { SYSTEM } from './audit.js';
import { withWritePriority, type WritePriority } from '../netbird/write-priority.js';

/**
 * Which writes go first when the NetBird write budget is short (netbird/write-priority.ts): blocks
 * contain, quarantine right after; approvals, cleanup, restores and unblocks wait.
 */
const PRIORITY: Record<string, WritePriority> = {
  'block-user': 'block',
  'quarantine-peer': 'quarantine',
  'create-group': 'quarantine',
};

export interface WriteSpec {
  action: string;
  target: string;
  /** "block NetBird user alice@contoso.com": becomes "Would block …" in dry-run. */
  what: string;
  detail?: Record<string, unknown>;
}

/** `write` returns whether it changed anything (false: it was already so). */
export async function netbirdWrite(
  ctx: OffboardingContext,
  c: Pick<OffboardingCase, 'id' | 'userId' | 'dryRun'>,
  spec: WriteSpec,
  write: () => Promise<boolean>,
): Promise<WriteResult> {
  const at = ctx.now().toISOString();
  const base = {
    action: `netbird.${spec.action}`,
    actor: SYSTEM,
    target: spec.target,
    ...(spec.detail ? { detail: spec.detail } : {}),
  };
  if (c.dryRun) {
    await audit(ctx, c, { ...base, result: 'planned', summary: `Would ${spec.what} (dry run: nothing written)` });
    return { at, result: 'planned' };
  }
  let changed: boolean;
  try {
    changed = await withWritePriority(PRIORITY[spec.action] ?? 'other', write);
  } catch (err) {
    await audit(ctx, c, { ...base, result: 'failed', summary: `Could not ${spec.what}: ${errorMessage(err)}` });
    throw err;
  }
  await audit(ctx, c, {
    ...base,
    result: changed ? 'ok' : 'no-change',
    summary: changed ? `Done: ${spec.what}` : `Nothing to do: ${spec.what} (already so)`,
  });
  return { at, result: changed ? 'done' : 'no-change' };
}
