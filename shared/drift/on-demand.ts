/**
 * `drift` in Teams: the drift now, against the last daily report (nothing is stored), and
 * `drift apply`: an IT approver confirms a change the blast-radius guard held, and it is applied
 * at once (GROUP_SYNC=apply only; DRY_RUN still plans instead of writing). The caller is decided by
 * the activity's Entra object id, never by anything typed.
 */
import { randomUUID } from 'node:crypto';
import { isItApprover } from '../offboarding/authorize.js';
import type { OffboardingContext } from '../offboarding/context.js';
import { applyDrift } from './apply.js';
import { driftReadDeps, driftSettings } from './deps.js';
import { changesSince, findingsOf } from './findings.js';
import { readDrift } from './read.js';
import type { DriftReportStore } from './store.js';
import type { DriftUnmappedView, DriftView } from './view.js';

export type DriftRefusal = { kind: 'group-drift-refused'; reason: 'not-approver' | 'report-mode' };

export async function driftNow(
  ctx: OffboardingContext,
  store: DriftReportStore,
  options: { apply?: { aadObjectId: string; correlationId: string } } = {},
): Promise<DriftView | DriftUnmappedView | DriftRefusal> {
  const settings = driftSettings(ctx.services);
  if (Object.keys(settings.map).length === 0) return { kind: 'group-drift-unmapped' };
  if (options.apply) {
    if (settings.mode !== 'apply') return { kind: 'group-drift-refused', reason: 'report-mode' };
    if (!(await isItApprover(ctx, options.apply.aadObjectId)))
      return { kind: 'group-drift-refused', reason: 'not-approver' };
  }
  const report = await readDrift(driftReadDeps(ctx.services, ctx), settings, ctx.now());
  const previous = await store.latest();
  const apply = options.apply
    ? await applyDrift(ctx, report, {
        runId: options.apply.correlationId || randomUUID(),
        dryRun: settings.dryRun,
        confirmed: true,
      })
    : undefined;
  return {
    kind: 'group-drift',
    purpose: 'command',
    mode: settings.mode,
    report,
    changes: changesSince(findingsOf(report), previous?.findings),
    ...(previous ? { previousAt: previous.takenAt } : {}),
    ...(apply ? { apply } : {}),
  };
}
