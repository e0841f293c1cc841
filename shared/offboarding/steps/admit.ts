/**
 * Step `admit`: the blast-radius guard for automatic triggers (see blast-radius.ts). Admitted: the
 * case goes on to containment. Held: it waits in `detected`, with nothing written, until IT decides.
 */
import { SYSTEM } from '../audit.js';
import { admitToWindow } from '../blast-radius.js';
import { audit, updateCase } from '../cases.js';
import type { OffboardingContext } from '../context.js';
import type { OffboardingCase } from '../model.js';

export async function admit(ctx: OffboardingContext, c: OffboardingCase): Promise<void> {
  const at = ctx.now().toISOString();
  if (c.requestedBy.kind === 'teams') {
    await updateCase(ctx, c.userId, (cur) =>
      cur.admission ? undefined : { ...cur, admission: { via: 'manual', at } },
    );
    return;
  }
  const user = {
    userId: c.userId,
    ...(c.displayName ? { name: c.displayName } : {}),
    ...(c.upn ? { upn: c.upn } : {}),
  };
  const result = await admitToWindow(ctx, user, c.target?.netbirdPeople ?? c.inventory?.netbirdPeople ?? 0);
  if (result.admitted) {
    await updateCase(ctx, c.userId, (cur) =>
      cur.admission ? undefined : { ...cur, admission: { via: 'window', at } },
    );
    return;
  }
  const { written } = await updateCase(ctx, c.userId, (cur) =>
    cur.admission || cur.hold ? undefined : { ...cur, hold: { batchId: result.batchId, at } },
  );
  if (written) {
    await audit(ctx, c, {
      action: 'blast-radius.held',
      actor: SYSTEM,
      result: 'skipped',
      summary: 'Held by the blast-radius guard: too many users in one burst; nothing is blocked until IT confirms',
      detail: { batchId: result.batchId },
    });
  }
}
