/**
 * The daily group-drift run (functions/group-drift.ts): read and compute the drift, apply it when
 * GROUP_SYNC=apply (apply.ts: guard, dry run, audit), then post one card to the IT channel with
 * the differences and what changed since the previous report, and keep this report as the new
 * "previous". A card that could not be sent leaves the previous report in place, so the next card
 * still counts its changes from the last one IT actually saw.
 */
import { randomUUID } from 'node:crypto';
import type { GroupSyncMode } from '../config/group-map.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { OffboardingContext } from '../offboarding/context.js';
import { applyDrift, type ApplyOutcome } from './apply.js';
import { changesSince, findingsOf } from './findings.js';
import { readDrift, type DriftReadDeps, type DriftSettings } from './read.js';
import type { DriftReportStore } from './store.js';
import type { DriftView } from './view.js';

export interface DriftRunDeps {
  read: DriftReadDeps;
  /** For apply mode: the admin NetBird client, the audit table, the group locks. */
  writer: OffboardingContext;
  store: DriftReportStore;
  /** Posts the view to the IT channel (the caller builds the card). */
  post(view: DriftView): Promise<void>;
  logger: Logger;
}

export interface DriftRunSettings extends DriftSettings {
  mode: GroupSyncMode;
  dryRun: boolean;
}

export type DriftRunResult =
  | { kind: 'no-map' }
  | {
      kind: 'reported';
      runId: string;
      users: number;
      added: number;
      resolved: number;
      apply?: ApplyOutcome['kind'];
      posted: boolean;
    };

export async function runGroupDrift(
  deps: DriftRunDeps,
  settings: DriftRunSettings,
  now: Date = new Date(),
): Promise<DriftRunResult> {
  const logger = deps.logger.child({ useCase: 'group-drift' });
  if (Object.keys(settings.map).length === 0) {
    logger.info('group drift: GROUP_MAP is empty, nothing to compare');
    return { kind: 'no-map' };
  }
  const runId = randomUUID();
  const report = await readDrift(deps.read, settings, now);
  const apply =
    settings.mode === 'apply' ? await applyDrift(deps.writer, report, { runId, dryRun: settings.dryRun }) : undefined;
  const findings = findingsOf(report);
  const previous = await deps.store.latest();
  const changes = changesSince(findings, previous?.findings);
  const view: DriftView = {
    kind: 'group-drift',
    purpose: 'daily',
    mode: settings.mode,
    report,
    changes,
    ...(previous ? { previousAt: previous.takenAt } : {}),
    ...(apply ? { apply } : {}),
  };
  let posted = false;
  try {
    await deps.post(view);
    posted = true;
    await deps.store.save({ takenAt: report.takenAt, findings });
  } catch (err) {
    logger.error('group drift: the daily card was not sent or the report not stored', {
      runId,
      error: errorMessage(err),
    });
  }
  const result: DriftRunResult = {
    kind: 'reported',
    runId,
    users: report.users.length,
    added: changes.added.length,
    resolved: changes.resolved.length,
    ...(apply ? { apply: apply.kind } : {}),
    posted,
  };
  logger.info('group drift', { ...result });
  return result;
}
