/**
 * The change since the previous snapshot, as the card shows it: the wave's status, and each check
 * whose status or figure moved (a share by at least a point, a count by any amount).
 */
import type { WaveSnapshot } from './snapshot.js';
import type { Status } from './types.js';

export interface CheckChange {
  id: string;
  title: string;
  from: Status | undefined;
  to: Status;
  valueFrom: number | undefined;
  valueTo: number | undefined;
  unit: 'share' | 'count' | undefined;
}

export interface WaveChange {
  since: string;
  status: { from: Status; to: Status } | undefined;
  checks: CheckChange[];
}

function moved(a: number | undefined, b: number | undefined, unit: 'share' | 'count' | undefined): boolean {
  if (a === undefined || b === undefined) return a !== b;
  return unit === 'share' ? Math.abs(Math.round(a * 100) - Math.round(b * 100)) >= 1 : a !== b;
}

export function changeSince(current: WaveSnapshot, previous: WaveSnapshot | undefined): WaveChange | undefined {
  if (!previous) return undefined;
  const before = new Map(previous.checks.map((c) => [c.id, c]));
  const checks: CheckChange[] = [];
  for (const c of current.checks) {
    const p = before.get(c.id);
    if (p && p.status === c.status && !moved(p.value, c.value, c.unit)) continue;
    checks.push({
      id: c.id,
      title: c.title,
      from: p?.status,
      to: c.status,
      valueFrom: p?.value,
      valueTo: c.value,
      unit: c.unit ?? p?.unit,
    });
  }
  return {
    since: previous.takenAt,
    status: previous.status === current.status ? undefined : { from: previous.status, to: current.status },
    checks,
  };
}
