/**
 * What a run keeps of a wave's evaluation (the WaveSnapshots table): status, figures, and the
 * first few names behind each check with their totals. Enough to draw the card again (the
 * `wave` command, an in-place update) and to show the change since the previous run, small
 * enough to keep a row per run for trends.
 */
import { z } from 'zod';
import type { CheckEvidence, WaveEvaluation } from './types.js';

/** Names kept per evidence list: the card shows these, then "and N more". */
export const EVIDENCE_SHOWN = 5;
/** Longest label kept: a card line, not a report. */
const MAX_LABEL = 160;

const status = z.enum(['green', 'amber', 'red']);
const names = z.object({ shown: z.array(z.string()), total: z.number().int().nonnegative() });
export type NameList = z.infer<typeof names>;

export const checkSnapshotSchema = z.object({
  id: z.string(),
  title: z.string(),
  status,
  summary: z.string(),
  value: z.number().optional(),
  unit: z.enum(['share', 'count']).optional(),
  peers: names,
  users: names,
  details: names,
});
export type CheckSnapshot = z.infer<typeof checkSnapshotSchema>;

export const waveSnapshotSchema = z.object({
  wave: z.string().min(1),
  takenAt: z.iso.datetime({ offset: true }),
  plannedStart: z.string().optional(),
  source: z.string(),
  status,
  decision: z.enum(['go', 'go-with-caution', 'no-go']),
  nextWave: z.object({ name: z.string(), plannedStart: z.string().optional() }).optional(),
  users: z.number().int().nonnegative(),
  peers: z.number().int().nonnegative(),
  usersWithoutPeers: names,
  notes: z.array(z.string()),
  checks: z.array(checkSnapshotSchema),
  error: z.string().optional(),
});
export type WaveSnapshot = z.infer<typeof waveSnapshotSchema>;

function clip(text: string): string {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}

export function nameList(items: readonly string[] | undefined, shown = EVIDENCE_SHOWN): NameList {
  const list = items ?? [];
  return { shown: list.slice(0, shown).map(clip), total: list.length };
}

function evidence(e: CheckEvidence) {
  return { peers: nameList(e.peers), users: nameList(e.users), details: nameList(e.details, 3) };
}

export function toSnapshot(evaluation: WaveEvaluation): WaveSnapshot {
  return waveSnapshotSchema.parse({
    wave: evaluation.wave,
    takenAt: evaluation.evaluatedAt,
    plannedStart: evaluation.plannedStart,
    source: evaluation.source,
    status: evaluation.status,
    decision: evaluation.decision,
    nextWave: evaluation.nextWave,
    users: evaluation.users,
    peers: evaluation.peers,
    usersWithoutPeers: nameList(evaluation.usersWithoutPeers),
    notes: evaluation.notes.map(clip),
    checks: evaluation.checks.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      summary: clip(c.summary),
      ...(c.value === undefined ? {} : { value: c.value, unit: c.unit }),
      ...evidence(c.evidence),
    })),
    error: evaluation.error,
  });
}

/** What "the status changed" means for posting: the wave's status or any check's status. */
export function statusSignature(s: Pick<WaveSnapshot, 'status' | 'checks' | 'error'>): string {
  return [s.status, s.error ? 'error' : '', ...s.checks.map((c) => `${c.id}:${c.status}`)].join('|');
}
