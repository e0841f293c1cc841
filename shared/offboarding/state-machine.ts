/**
 * The case state machine, pure: which transitions are allowed, and what a transition does to the
 * stored case. DESIGN.md §2: `detected → contained → awaiting-approval → cleaned-up → closed`, with
 * `rejected` (a false alarm, IT may unblock) and `escalated` (no answer in time) on the side.
 * Failure is not a state but a marker (`failure`) on whatever state the case had reached, so the
 * case resumes from there.
 */
import { ValidationError } from '../errors.js';
import type { CaseState, OffboardingCase } from './model.js';

const ALLOWED: Record<CaseState, readonly CaseState[]> = {
  // `closed` straight from detection: nothing in NetBird, re-enabled in Entra, or IT dismissed a held batch.
  detected: ['contained', 'closed'],
  // `closed` from a contained, undecided case: enabled again in Entra and an IT approver restored
  // NetBird access on the returner card (outcome `restored`, returner/restore-step.ts).
  contained: ['awaiting-approval', 'closed'],
  'awaiting-approval': ['cleaned-up', 'rejected', 'escalated', 'closed'],
  escalated: ['cleaned-up', 'rejected', 'closed'],
  'cleaned-up': ['closed'],
  // IT confirmed the false alarm: the user is unblocked and the case ends. Or Entra still says the
  // account is disabled long after the rejection: the case is reopened for a decision (reexamine.ts).
  rejected: ['closed', 'awaiting-approval'],
  closed: [],
};

export function canTransition(from: CaseState, to: CaseState): boolean {
  return ALLOWED[from].includes(to);
}

export class InvalidTransitionError extends ValidationError {
  constructor(
    readonly from: CaseState,
    readonly to: CaseState,
  ) {
    super(`An offboarding case cannot go from "${from}" to "${to}"`);
  }
}

/** The case after moving to `to` at `now`; throws InvalidTransitionError when not allowed. */
export function transition(c: OffboardingCase, to: CaseState, now: Date, outcome?: string): OffboardingCase {
  if (!canTransition(c.state, to)) throw new InvalidTransitionError(c.state, to);
  const at = now.toISOString();
  return {
    ...c,
    state: to,
    open: to !== 'closed',
    updatedAt: at,
    ...(to === 'closed' ? { closedAt: at, outcome: outcome ?? c.outcome ?? 'closed' } : outcome ? { outcome } : {}),
  };
}

/** Every state reachable from `from` by allowed transitions (itself included). */
export function reachable(from: CaseState): Set<CaseState> {
  const seen = new Set<CaseState>([from]);
  const queue: CaseState[] = [from];
  while (queue.length) {
    const s = queue.shift()!;
    for (const next of ALLOWED[s])
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
  }
  return seen;
}

/** States in which an approver may still decide. */
export const DECIDABLE: readonly CaseState[] = ['awaiting-approval', 'escalated'];

export const ALL_TRANSITIONS: readonly [CaseState, CaseState][] = Object.entries(ALLOWED).flatMap(([from, tos]) =>
  tos.map((to) => [from as CaseState, to] as [CaseState, CaseState]),
);
