/**
 * A wave's status is its worst check (red → no-go, amber → go with caution, green → go), and
 * that decides whether the next wave may start (DESIGN.md §4).
 */
import type { Decision, Status } from './types.js';

const RANK: Record<Status, number> = { green: 0, amber: 1, red: 2 };

export function worstStatus(statuses: readonly Status[]): Status {
  return statuses.reduce<Status>((worst, s) => (RANK[s] > RANK[worst] ? s : worst), 'green');
}

export function decisionFor(status: Status): Decision {
  switch (status) {
    case 'green':
      return 'go';
    case 'amber':
      return 'go-with-caution';
    case 'red':
      return 'no-go';
  }
}

export const DECISION_TEXT: Record<Decision, string> = {
  go: 'GO',
  'go-with-caution': 'GO WITH CAUTION',
  'no-go': 'NO-GO',
};

export const STATUS_ICON: Record<Status, string> = { green: '🟢', amber: '🟡', red: '🔴' };
