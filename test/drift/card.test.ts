/** The drift card stays a valid Adaptive Card under Teams' 28 KB however many people differ. */
import { describe, expect, it } from 'vitest';
import { driftCard } from '../../cards/drift/drift.js';
import { findingsOf } from '../../shared/drift/findings.js';
import type { DriftReport } from '../../shared/drift/types.js';
import { linesOf } from '../bot/support/card-text.js';
import { expectValidCard } from '../support/cards.js';

const g = (i: number) => ({ id: `g-${i}`, name: `A rather long department group name ${i}` });

describe('drift card', () => {
  it('shows 2,000 drifting users with long names as a card under 28 KB, with "and N more"', () => {
    const users = Array.from({ length: 2_000 }, (_, i) => ({
      netbirdUserId: `u${i}`,
      name: `Person With A Long Name ${i}`,
      email: `person.with.a.long.name.${i}@contoso.example.com`,
      extra: [g(i % 50), g((i + 1) % 50)],
      missing: [g((i + 2) % 50)],
      devices: Array.from({ length: 6 }, (_, d) => ({
        peerId: `p${i}-${d}`,
        name: `LAPTOP-${i}-${d}`,
        kind: 'machine' as const,
        owner: 'assigned by IT',
        extra: [g(i % 50)],
        missing: [g((i + 2) % 50)],
      })),
    }));
    const report: DriftReport = {
      takenAt: '2026-12-05T06:30:00.000Z',
      judgedGroups: Array.from({ length: 50 }, (_, i) => g(i)),
      missingGroups: ['Typo Group'],
      judgedUsers: 10_000,
      skipped: { blocked: 3, pending: 1 },
      unmatchedMembers: 12,
      ambiguousMachines: 2,
      users,
      entraGroupsRead: 50,
    };
    const findings = findingsOf(report);
    const { card } = driftCard({
      kind: 'group-drift',
      purpose: 'daily',
      mode: 'report',
      report,
      changes: { added: findings, resolved: findings.slice(0, 20), unchanged: 0 },
      previousAt: '2026-12-04T06:30:00.000Z',
    });
    expectValidCard(card);
    const lines = linesOf(card);
    expect(lines.some((l) => /^and \d+ more users differ$/.test(l))).toBe(true);
    expect(
      lines.some((l) => l.startsWith(`New (${findings.length}): `) && l.endsWith(`and ${findings.length - 8} more`)),
    ).toBe(true);
    expect(lines).toContain('GROUP_MAP names NetBird groups that do not exist: Typo Group');
  });
});
