import { describe, expect, it } from 'vitest';
import { waveHealthCard } from '../../cards/waves/wave-health.js';
import { waveListCard } from '../../cards/waves/wave-list.js';
import { MAX_CARD_BYTES } from '../../cards/types.js';
import { changeSince } from '../../shared/waves/changes.js';
import { toSnapshot, type WaveSnapshot } from '../../shared/waves/snapshot.js';
import type { CheckResult, WaveEvaluation } from '../../shared/waves/types.js';
import { expectValidCard } from '../support/cards.js';

const CHECK_IDS = [
  'connected-now',
  'seen-24h',
  'login-expired',
  'versions',
  'required-groups',
  'routing',
  'ad-dns',
  'ad-ports',
  'all-to-all',
  'sspr-registration',
  'resets',
] as const;

function evaluation(
  over: Partial<WaveEvaluation> = {},
  check: (id: (typeof CHECK_IDS)[number]) => Partial<CheckResult> = () => ({}),
): WaveEvaluation {
  return {
    wave: 'Pilot 1',
    plannedStart: '2026-11-01',
    source: 'Entra group 11111111-1111-4111-8111-111111111111',
    evaluatedAt: '2026-11-20T08:00:00.000Z',
    status: 'green',
    decision: 'go',
    nextWave: { name: 'Pilot 2', plannedStart: '2026-12-01' },
    users: 1000,
    peers: 2000,
    usersWithoutPeers: [],
    notes: [],
    checks: CHECK_IDS.map((id) => ({
      id,
      title: id,
      status: 'green',
      summary: `${id} is fine`,
      value: 1,
      unit: 'share',
      evidence: {},
      ...check(id),
    })),
    ...over,
  };
}

const text = (card: object) => JSON.stringify(card);

describe('the wave-health card', () => {
  it('names the first five peers and users behind each failing check, then "and N more", and stays under 28 KB', () => {
    const peers = Array.from(
      { length: 2000 },
      (_, i) =>
        `LAPTOP-${String(i).padStart(4, '0')} (last seen 3 days ago, a long explanation of why this laptop matters to IT)`,
    );
    const people = Array.from({ length: 1000 }, (_, i) => `User ${i} (no registration record)`);
    const details = Array.from({ length: 20 }, (_, i) => `detail ${i} `.repeat(30));
    const snapshot = toSnapshot(
      evaluation({ status: 'red', decision: 'no-go', usersWithoutPeers: people }, () => ({
        status: 'red',
        evidence: { peers, users: people, details },
      })),
    );
    const { card, text: fallback } = waveHealthCard(snapshot);
    expectValidCard(card);
    expect(Buffer.byteLength(text(card))).toBeLessThan(MAX_CARD_BYTES);
    expect(text(card)).toContain('Peers: LAPTOP-0000 (last seen 3 days ago');
    expect(text(card)).toContain('and 1995 more');
    expect(text(card)).toContain('Users: User 0 (no registration record), User 1');
    expect(text(card)).toContain('and 17 more'); // details: three shown of twenty
    expect(text(card)).toContain('NO-GO for the next wave (Pilot 2, planned 2026-12-01)');
    expect(fallback).toMatch(/^Wave Pilot 1: 🔴 red\. NO-GO for the next wave/);
  });

  it('shows fewer names rather than fail when very long names would take the card over 28 KB', () => {
    const long = (prefix: string) => Array.from({ length: 50 }, (_, i) => `${prefix}-${i} ${'x'.repeat(200)}`);
    const snapshot = toSnapshot(
      evaluation({ status: 'red', decision: 'no-go' }, () => ({
        status: 'red',
        summary: 's'.repeat(300),
        evidence: { peers: long('PEER'), users: long('USER'), details: long('DETAIL') },
      })),
    );
    const { card } = waveHealthCard(snapshot);
    expectValidCard(card);
    expect(text(card)).toContain('PEER-2 ');
    expect(text(card)).not.toContain('PEER-3 '); // five names did not fit; three do
    expect(text(card)).toContain('and 47 more');
  });

  it('shows no names under green checks', () => {
    const snapshot = toSnapshot(evaluation({}, () => ({ evidence: { peers: ['SHOULD-NOT-SHOW'] } })));
    const { card } = waveHealthCard(snapshot);
    expectValidCard(card);
    expect(text(card)).not.toContain('SHOULD-NOT-SHOW');
    expect(text(card)).toContain('GO for the next wave');
  });

  it('shows the change since the previous snapshot', () => {
    const before = toSnapshot(
      evaluation({ evaluatedAt: '2026-11-19T08:00:00.000Z' }, (id) =>
        id === 'resets' ? { value: 0, unit: 'count' } : {},
      ),
    );
    const after = toSnapshot(
      evaluation({ status: 'amber', decision: 'go-with-caution' }, (id) =>
        id === 'connected-now' ? { status: 'amber', value: 0.82 } : id === 'resets' ? { value: 1, unit: 'count' } : {},
      ),
    );
    const change = changeSince(after, before);
    expect(change?.checks.map((c) => c.id)).toEqual(['connected-now', 'resets']);
    const { card } = waveHealthCard(after, change);
    expectValidCard(card);
    expect(text(card)).toContain('Since 2026-11-19 08:00 UTC');
    expect(text(card)).toContain('Wave: 🟢 green → 🟡 amber');
    expect(text(card)).toContain('connected-now: 🟢 → 🟡 100% → 82%');
    expect(text(card)).toContain('resets: 🟢 0 → 1');
  });

  it('says when a wave could not be evaluated, and keeps user text literal', () => {
    const { card } = waveHealthCard(
      toSnapshot(
        evaluation({
          wave: 'Pilot ${evil}',
          status: 'red',
          decision: 'no-go',
          checks: [],
          error: 'NetBird group "x" does not exist',
        }),
      ),
    );
    expectValidCard(card);
    expect(text(card)).toContain('Could not evaluate this wave: NetBird group \\"x\\" does not exist');
  });
});

describe('the wave list card', () => {
  it('lists every wave with its status, go/no-go and failing checks', () => {
    const green = toSnapshot(evaluation());
    const red = toSnapshot(
      evaluation({ wave: 'Pilot 2', status: 'red', decision: 'no-go' }, (id) =>
        id === 'routing' ? { status: 'red', title: 'Routing peers per site' } : {},
      ),
    );
    const { card, text: fallback } = waveListCard([green, red] as WaveSnapshot[]);
    expectValidCard(card);
    expect(text(card)).toContain('🔴 Routing peers per site');
    expect(fallback).toBe('🟢 Pilot 1: GO for the next wave\n🔴 Pilot 2: NO-GO for the next wave');
  });

  it('says when no waves are configured', () => {
    const { card, text: fallback } = waveListCard([]);
    expectValidCard(card);
    expect(fallback).toBe('No waves are configured (WAVES).');
  });
});
