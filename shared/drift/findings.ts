/**
 * A report as flat findings (one per difference), and what changed between two reports: the
 * daily card shows what is new since the previous report and what was resolved.
 */
import type { DriftReport, Finding, GroupRef } from './types.js';

const word = { extra: 'too much', missing: 'missing' } as const;

export function findingsOf(report: DriftReport): Finding[] {
  const out: Finding[] = [];
  const push = (subject: string, label: string, kind: 'extra' | 'missing', groups: readonly GroupRef[]) => {
    for (const g of groups)
      out.push({ key: `${subject}:${kind}:${g.id}`, label: `${label}: ${g.name} (${word[kind]})` });
  };
  for (const u of report.users) {
    push(`user:${u.netbirdUserId}`, u.name, 'extra', u.extra);
    push(`user:${u.netbirdUserId}`, u.name, 'missing', u.missing);
    for (const d of u.devices) {
      push(`peer:${d.peerId}`, `${d.name} (${u.name})`, 'extra', d.extra);
      push(`peer:${d.peerId}`, `${d.name} (${u.name})`, 'missing', d.missing);
    }
  }
  return out;
}

export interface DriftChanges {
  added: Finding[];
  resolved: Finding[];
  unchanged: number;
}

/** `previous` undefined: the first report, everything is new. */
export function changesSince(current: readonly Finding[], previous: readonly Finding[] | undefined): DriftChanges {
  const before = new Map((previous ?? []).map((f) => [f.key, f]));
  const now = new Set(current.map((f) => f.key));
  const added = current.filter((f) => !before.has(f.key));
  const resolved = [...before.values()].filter((f) => !now.has(f.key));
  return { added, resolved, unchanged: current.length - added.length };
}
