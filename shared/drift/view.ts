/**
 * What the drift card shows (cards/drift/drift.ts builds it): the report, what changed since the
 * previous daily report, and, in apply mode, what was written or why nothing was.
 */
import type { GroupSyncMode } from '../config/group-map.js';
import type { ApplyOutcome } from './apply.js';
import type { DriftChanges } from './findings.js';
import type { DriftReport } from './types.js';

export interface DriftView {
  kind: 'group-drift';
  /** `daily`: the timer's post in the IT channel; `command`: the answer to `drift`. */
  purpose: 'daily' | 'command';
  mode: GroupSyncMode;
  report: DriftReport;
  changes: DriftChanges;
  /** When the previous daily report was taken (absent: this is the first). */
  previousAt?: string;
  apply?: ApplyOutcome;
}

/** GROUP_MAP is empty: nothing to compare. */
export interface DriftUnmappedView {
  kind: 'group-drift-unmapped';
}
